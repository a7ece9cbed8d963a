/// SRTP master keys and salts for one DTLS-SRTP association, already sorted into ours (to
/// protect what we send) and the peer's (to unprotect what we receive).
public struct SRTPKeyingMaterial: Sendable, Hashable, CustomStringConvertible {
    /// The TLS exporter label (RFC 5764 §4.2).
    public static let exporterLabel = "EXTRACTOR-dtls_srtp"

    public var profile: SRTPProtectionProfile
    public var localMasterKey: [UInt8]
    public var localMasterSalt: [UInt8]
    public var remoteMasterKey: [UInt8]
    public var remoteMasterSalt: [UInt8]

    public init(
        profile: SRTPProtectionProfile,
        localMasterKey: [UInt8],
        localMasterSalt: [UInt8],
        remoteMasterKey: [UInt8],
        remoteMasterSalt: [UInt8]
    ) {
        self.profile = profile
        self.localMasterKey = localMasterKey
        self.localMasterSalt = localMasterSalt
        self.remoteMasterKey = remoteMasterKey
        self.remoteMasterSalt = remoteMasterSalt
    }

    /// How many bytes to export for `profile`: two keys and two salts.
    public static func exportLength(for profile: SRTPProtectionProfile) -> Int {
        2 * (profile.masterKeyLength + profile.masterSaltLength)
    }

    /// Splits exporter output laid out as client key | server key | client salt | server salt
    /// (RFC 5764 §4.2). The DTLS client sends with the client key. Nil when `exported` has
    /// the wrong length.
    public init?(profile: SRTPProtectionProfile, exported: [UInt8], role: NegotiatedAudio.DTLSRole) {
        guard exported.count == Self.exportLength(for: profile) else { return nil }
        let keyLength = profile.masterKeyLength
        let saltLength = profile.masterSaltLength
        let clientKey = Array(exported[0..<keyLength])
        let serverKey = Array(exported[keyLength..<(2 * keyLength)])
        let clientSalt = Array(exported[(2 * keyLength)..<(2 * keyLength + saltLength)])
        let serverSalt = Array(exported[(2 * keyLength + saltLength)...])
        switch role {
        case .client:
            self.init(profile: profile, localMasterKey: clientKey, localMasterSalt: clientSalt,
                      remoteMasterKey: serverKey, remoteMasterSalt: serverSalt)
        case .server:
            self.init(profile: profile, localMasterKey: serverKey, localMasterSalt: serverSalt,
                      remoteMasterKey: clientKey, remoteMasterSalt: clientSalt)
        }
    }

    /// Keys stay out of logs.
    public var description: String {
        "SRTPKeyingMaterial(\(profile.name), keys redacted)"
    }
}
