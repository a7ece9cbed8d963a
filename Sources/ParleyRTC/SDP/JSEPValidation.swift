/// Checks shared by offers and answers, local and remote.
enum JSEPValidation {
    /// RFC 8839 §5.4: ice-ufrag is 4-256 characters, ice-pwd 22-256.
    static func checkICECredentials(ufrag: String, pwd: String) throws(SDPError) {
        let ufragLength = ufrag.unicodeScalars.count
        guard (4...256).contains(ufragLength) else { throw .invalidICEUfrag(length: ufragLength) }
        let pwdLength = pwd.unicodeScalars.count
        guard (22...256).contains(pwdLength) else { throw .invalidICEPwd(length: pwdLength) }
    }

    /// RTP over DTLS-SRTP: `UDP/TLS/RTP/SAVPF` (RFC 5764), its TCP and SAVP variants, and the
    /// legacy `RTP/SAVPF` that RFC 8829 §5.1.3 asks answerers to accept. Plain `RTP/AVP` offers
    /// come from endpoints without DTLS-SRTP, which Parley cannot talk to.
    static func isDTLSSRTP(_ proto: String) -> Bool {
        let upper = proto.uppercased()
        return upper.hasSuffix("RTP/SAVPF") || upper.hasSuffix("RTP/SAVP")
    }

    /// The first `opus/48000/2` payload type in the section's preference order.
    static func opusPayloadType(in section: MediaDescription) -> UInt8? {
        // A set, not a nested search: a hostile description may list thousands of both.
        let opus = Set(section.rtpMaps.filter(\.isOpus).map(\.payloadType))
        return section.payloadTypes.first { opus.contains($0) }
    }
}
