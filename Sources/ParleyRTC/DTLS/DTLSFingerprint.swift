import COpenSSL

/// Certificate digests in the `a=fingerprint` hash functions a transport accepts (RFC 8122 §5).
enum DTLSFingerprint {
    /// SHA-1 and older are left out: RFC 8122 §5 deprecates them, and browsers send sha-256.
    static func digestMethod(for hashFunction: String) -> OpaquePointer? {
        switch hashFunction.lowercased() {
        case "sha-256": EVP_sha256()
        case "sha-384": EVP_sha384()
        case "sha-512": EVP_sha512()
        default: nil
        }
    }

    /// The digest of an `X509` over its DER encoding, or nil for an unsupported hash function.
    static func of(_ certificate: OpaquePointer, hashFunction: String) -> SDPFingerprint? {
        guard let method = digestMethod(for: hashFunction) else { return nil }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, method, &digest, &length) == 1, Int(length) <= digest.count else { return nil }
        return SDPFingerprint(hashFunction: hashFunction, bytes: Array(digest.prefix(Int(length))))
    }
}
