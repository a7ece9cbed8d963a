/// The DTLS-SRTP protection profiles Parley offers in use_srtp, with their identifiers from
/// the IANA "DTLS-SRTP Protection Profiles" registry.
public enum SRTPProtectionProfile: UInt16, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 §4.1.2): AES-128 counter mode, 80-bit HMAC-SHA1 tag.
    case aes128CmHmacSha1_80 = 0x0001
    /// SRTP_AEAD_AES_128_GCM (RFC 7714 §14.2): AES-128 GCM with a 16-octet tag.
    case aeadAes128Gcm = 0x0007

    /// The profile's name in its RFC.
    public var name: String {
        switch self {
        case .aes128CmHmacSha1_80: "SRTP_AES128_CM_HMAC_SHA1_80"
        case .aeadAes128Gcm: "SRTP_AEAD_AES_128_GCM"
        }
    }

    /// The name OpenSSL's `SSL_set_tlsext_use_srtp` expects.
    var openSSLName: String {
        switch self {
        case .aes128CmHmacSha1_80: "SRTP_AES128_CM_SHA1_80"
        case .aeadAes128Gcm: "SRTP_AEAD_AES_128_GCM"
        }
    }

    /// SRTP master key length in bytes (RFC 5764 §4.1.2, RFC 7714 §12).
    public var masterKeyLength: Int {
        16
    }

    /// SRTP master salt length in bytes: 112 bits for counter mode (RFC 3711 §8.2), 96 bits
    /// for GCM (RFC 7714 §12).
    public var masterSaltLength: Int {
        switch self {
        case .aes128CmHmacSha1_80: 14
        case .aeadAes128Gcm: 12
        }
    }

    public var description: String { name }
}
