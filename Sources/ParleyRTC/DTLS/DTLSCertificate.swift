import COpenSSL

/// A self-signed ECDSA P-256 certificate for DTLS-SRTP (RFC 8827 §6.5), known to the peer by
/// its fingerprint in SDP rather than by a chain of trust.
///
/// Making one costs a key generation; one instance may serve every transport of the process
/// (it is immutable and `Sendable`), and carries the prepared OpenSSL context they share.
public final class DTLSCertificate: @unchecked Sendable {
    // @unchecked: the key, certificate and context are built in init and only read after,
    // and OpenSSL reference-counts them thread-safely.
    public static let defaultCommonName = "parley"
    public static let defaultValidity: Duration = .seconds(30 * 86_400)
    /// notBefore is backdated so a peer whose clock runs behind still accepts the certificate.
    static let clockSkewAllowance: Int64 = 86_400
    /// ub-common-name (RFC 5280 Appendix A.1).
    static let maximumCommonNameLength = 64

    /// SHA-256 of the DER certificate: `fingerprint.bytes`, and `fingerprint.hexDigest` is the
    /// `AB:CD:…` form for `a=fingerprint:sha-256` (RFC 8122 §5).
    public let fingerprint: SDPFingerprint
    public let commonName: String
    /// The certificate in DER.
    public let derEncoded: [UInt8]
    /// Validity in seconds since 1970 (UTC).
    public let notBefore: Int64
    public let notAfter: Int64

    let context: DTLSContext
    private let privateKey: OpaquePointer
    private let certificate: OpaquePointer

    /// Generates a key and certificate with a random 63-bit serial number. `secondsSince1970`
    /// is the current wall-clock time: the core reads no clock.
    public init(
        commonName: String = defaultCommonName,
        secondsSince1970 now: Int64,
        validity: Duration = defaultValidity
    ) throws(DTLSError) {
        let nameBytes = Array(commonName.utf8)
        guard !nameBytes.isEmpty, nameBytes.count <= Self.maximumCommonNameLength,
              nameBytes.allSatisfy({ (0x20...0x7E).contains($0) })
        else { throw .setupFailed("common name must be 1 to 64 printable ASCII characters") }
        let lifetime = validity.components.seconds
        guard lifetime > 0, lifetime <= 100 * 365 * 86_400 else { throw .setupFailed("validity out of range") }

        OpenSSLErrorQueue.clear()
        guard let key = parley_EVP_EC_gen_p256() else {
            throw .setupFailed(OpenSSLErrorQueue.drain(fallback: "P-256 key generation"))
        }
        guard let certificate = X509_new() else {
            EVP_PKEY_free(key)
            throw .setupFailed(OpenSSLErrorQueue.drain(fallback: "X509_new"))
        }
        let validFrom = now - Self.clockSkewAllowance
        let validUntil = now + lifetime
        do throws(DTLSError) {
            try Self.fill(certificate, key: key, commonName: commonName, notBefore: validFrom, notAfter: validUntil)
            let der = try Self.der(of: certificate)
            guard let digest = DTLSFingerprint.of(certificate, hashFunction: SDPFingerprint.sha256) else {
                throw .setupFailed("certificate digest")
            }
            context = try DTLSContext(certificate: certificate, privateKey: key)
            derEncoded = der
            fingerprint = digest
        } catch {
            X509_free(certificate)
            EVP_PKEY_free(key)
            throw error
        }
        self.commonName = commonName
        self.privateKey = key
        self.certificate = certificate
        notBefore = validFrom
        notAfter = validUntil
    }

    deinit {
        X509_free(certificate)
        EVP_PKEY_free(privateKey)
    }

    private static func fill(
        _ certificate: OpaquePointer, key: OpaquePointer, commonName: String, notBefore: Int64, notAfter: Int64
    ) throws(DTLSError) {
        func check(_ ok: Bool, _ step: String) throws(DTLSError) {
            guard ok else { throw .setupFailed(OpenSSLErrorQueue.drain(fallback: step)) }
        }
        try check(parley_X509_set_version_3(certificate) == 1, "version")
        try setRandomSerial(certificate)
        try check(ASN1_TIME_set(X509_getm_notBefore(certificate), time_t(notBefore)) != nil, "notBefore")
        try check(ASN1_TIME_set(X509_getm_notAfter(certificate), time_t(notAfter)) != nil, "notAfter")
        guard let name = X509_NAME_new() else { throw .setupFailed("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        try check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1, "common name")
        try check(X509_set_subject_name(certificate, name) == 1, "subject")
        try check(X509_set_issuer_name(certificate, name) == 1, "issuer")
        try check(X509_set_pubkey(certificate, key) == 1, "public key")
        try check(X509_sign(certificate, key, EVP_sha256()) > 0, "signature")
    }

    /// A positive serial of up to 63 bits (RFC 5280 §4.1.2.2: positive, at most 20 octets),
    /// random so two certificates of one process never share issuer and serial.
    private static func setRandomSerial(_ certificate: OpaquePointer) throws(DTLSError) {
        var bytes = [UInt8](repeating: 0, count: 8)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else { throw .setupFailed("RAND_bytes") }
        bytes[0] &= 0x7F
        bytes[0] |= 0x01  // never zero
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw .setupFailed("BN_bin2bn") }
        defer { BN_free(number) }
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate)) != nil else {
            throw .setupFailed("serial number")
        }
    }

    private static func der(of certificate: OpaquePointer) throws(DTLSError) -> [UInt8] {
        let length = i2d_X509(certificate, nil)
        guard length > 0 else { throw .setupFailed("DER length") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            // i2d_X509 advances the pointer it is given; hand it a copy.
            var cursor = buffer.baseAddress
            return i2d_X509(certificate, &cursor)
        }
        guard written == length else { throw .setupFailed("DER encoding") }
        return der
    }
}
