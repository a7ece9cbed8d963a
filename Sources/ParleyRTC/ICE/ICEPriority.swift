/// Candidate and pair priorities (RFC 8445 §5.1.2, §6.1.2.3).
public enum ICEPriority {
    /// Type preferences (RFC 8445 §5.1.2.2 recommended values).
    public static let hostTypePreference: UInt32 = 126
    public static let peerReflexiveTypePreference: UInt32 = 110
    public static let serverReflexiveTypePreference: UInt32 = 100
    public static let relayedTypePreference: UInt32 = 0

    /// The only component Parley uses: RTP and RTCP share it (rtcp-mux, BUNDLE).
    public static let rtpComponent: UInt16 = 1

    public static func typePreference(_ type: ICECandidate.CandidateType) -> UInt32 {
        switch type {
        case .host: hostTypePreference
        case .prflx: peerReflexiveTypePreference
        case .srflx: serverReflexiveTypePreference
        case .relay, .other: relayedTypePreference
        }
    }

    /// priority = 2^24 × type preference + 2^8 × local preference + (256 − component ID)
    /// (RFC 8445 §5.1.2.1). Out-of-range inputs are clamped rather than trapping.
    public static func candidate(typePreference: UInt32, localPreference: UInt16, componentID: UInt16 = rtpComponent) -> UInt32 {
        let type = min(typePreference, 126)
        let component = UInt32(min(max(componentID, 1), 256))
        return type << 24 | UInt32(localPreference) << 8 | (256 - component)
    }

    /// pair priority = 2^32 × MIN(G, D) + 2 × MAX(G, D) + (G > D ? 1 : 0), where G is the
    /// controlling agent's candidate priority and D the controlled agent's (RFC 8445 §6.1.2.3).
    /// Wrapping arithmetic: a peer's priority is untrusted, and 2^32 × (2^32 − 1) + 2 × (2^32 − 1)
    /// would overflow 64 bits.
    public static func pair(controlling g: UInt32, controlled d: UInt32) -> UInt64 {
        let low = UInt64(min(g, d)), high = UInt64(max(g, d))
        return (low << 32) &+ (high << 1) &+ (g > d ? 1 : 0)
    }

    /// Local preference for the n-th host address of a family, in the order the driver adds
    /// them (its interface preference). RFC 8421 §4 asks dual-stack hosts to prefer IPv6 yet
    /// interleave the families so an IPv4 path is tried early too: IPv6 gets 65535, 65533, …
    /// and IPv4 65534, 65532, …, unique for every candidate as §5.1.2.1 requires.
    public static func localPreference(isIPv6: Bool, order: Int) -> UInt16 {
        let step = min(max(order, 0), 32_000) * 2
        return UInt16(65_535 - step - (isIPv6 ? 0 : 1))
    }
}
