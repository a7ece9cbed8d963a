/// Typed reads of the attributes WebRTC uses (RFC 8829 §5.8), in the words of their RFCs.
/// Each reads one level only (session or media section); ``SessionDescription`` resolves
/// media-level against session-level values.
/// Values that do not parse are skipped, never fatal: a peer's odd line must not end a call.
extension SDPAttributeContainer {
    /// `a=ice-ufrag` (RFC 8839 §5.4).
    public var iceUfrag: String? { firstValue(of: "ice-ufrag") }

    /// `a=ice-pwd` (RFC 8839 §5.4).
    public var icePwd: String? { firstValue(of: "ice-pwd") }

    /// `a=ice-options` tokens (RFC 8839 §5.6), e.g. `trickle`.
    public var iceOptions: [String] {
        values(of: "ice-options").flatMap { SDPText.tokens($0) }
    }

    /// `a=ice-lite` (RFC 8839 §5.3), session level.
    public var isICELite: Bool { hasAttribute("ice-lite") }

    /// Every parsable `a=fingerprint`; RFC 8122 allows one per hash function.
    public var fingerprints: [SDPFingerprint] {
        values(of: SDPFingerprint.attributeName).compactMap { SDPFingerprint(attributeValue: $0) }
    }

    /// `a=setup` as written; see ``setup`` for the typed value.
    public var setupValue: String? { firstValue(of: SDPSetup.attributeName) }

    public var setup: SDPSetup? { setupValue.flatMap { SDPSetup(rawValue: $0) } }

    /// `a=mid` (RFC 5888 §4).
    public var mid: String? { firstValue(of: "mid") }

    /// `a=group` lines (RFC 5888 §5).
    public var groups: [SDPGroup] {
        values(of: SDPGroup.attributeName).compactMap { SDPGroup(attributeValue: $0) }
    }

    /// The first `a=group:BUNDLE` (RFC 8843).
    public var bundleGroup: SDPGroup? {
        groups.first { $0.semantics == SDPGroup.bundle }
    }

    /// `a=rtcp-mux` (RFC 5761 §5.1.1).
    public var rtcpMux: Bool { hasAttribute("rtcp-mux") }

    /// `a=rtcp-rsize` (RFC 5506 §5).
    public var rtcpReducedSize: Bool { hasAttribute("rtcp-rsize") }

    /// `a=rtcp` (RFC 3605).
    public var rtcp: RTCPAttribute? {
        firstValue(of: RTCPAttribute.attributeName).flatMap { RTCPAttribute(attributeValue: $0) }
    }

    /// The direction attribute written at this level, if any (RFC 8866 §6.7); the first one
    /// if a peer wrote several.
    public var direction: MediaDirection? {
        attributes.lazy.compactMap { $0.value == nil ? MediaDirection(rawValue: $0.name) : nil }.first
    }

    /// `a=msid` lines (RFC 8830).
    public var msids: [MediaStreamID] {
        values(of: MediaStreamID.attributeName).compactMap { MediaStreamID(attributeValue: $0) }
    }

    /// `a=ssrc` lines (RFC 5576).
    public var ssrcAttributes: [SSRCAttribute] {
        values(of: SSRCAttribute.attributeName).compactMap { SSRCAttribute(attributeValue: $0) }
    }

    /// The distinct SSRCs named by `a=ssrc` lines, in first-seen order.
    public var ssrcs: [UInt32] {
        var seen = Set<UInt32>()
        return ssrcAttributes.map(\.ssrc).filter { seen.insert($0).inserted }
    }

    /// `a=rtpmap` lines.
    public var rtpMaps: [RTPMap] {
        values(of: RTPMap.attributeName).compactMap { RTPMap(attributeValue: $0) }
    }

    /// `a=fmtp` lines.
    public var formatParameters: [FormatParameters] {
        values(of: FormatParameters.attributeName).compactMap { FormatParameters(attributeValue: $0) }
    }

    /// `a=rtcp-fb` lines.
    public var rtcpFeedback: [RTCPFeedback] {
        values(of: RTCPFeedback.attributeName).compactMap { RTCPFeedback(attributeValue: $0) }
    }

    /// `a=extmap` lines.
    public var extMaps: [ExtMap] {
        values(of: ExtMap.attributeName).compactMap { ExtMap(attributeValue: $0) }
    }

    /// `a=candidate` lines that parse (RFC 8839 §5.1); unparsable ones are skipped.
    public var candidates: [ICECandidate] {
        values(of: "candidate").compactMap { try? ICECandidate(attributeValue: $0) }
    }

    /// `a=end-of-candidates` (RFC 8840 §8.2).
    public var endOfCandidates: Bool { hasAttribute("end-of-candidates") }
}

extension MediaDescription {
    /// The `a=rtpmap` for a payload type.
    public func rtpMap(for payloadType: UInt8) -> RTPMap? {
        rtpMaps.first { $0.payloadType == payloadType }
    }

    /// The `a=fmtp` for a payload type.
    public func formatParameters(for payloadType: UInt8) -> FormatParameters? {
        formatParameters.first { $0.payloadType == payloadType }
    }

    /// RTP payload types listed on the `m=` line, in preference order; non-numeric formats skipped.
    public var payloadTypes: [UInt8] {
        formats.compactMap { SDPText.decimal($0, as: UInt8.self) }.filter { $0 <= 127 }
    }
}

extension SessionDescription {
    /// Media-level `a=ice-ufrag`, else the session-level one.
    public func iceUfrag(for section: MediaDescription) -> String? {
        section.iceUfrag ?? iceUfrag
    }

    /// Media-level `a=ice-pwd`, else the session-level one.
    public func icePwd(for section: MediaDescription) -> String? {
        section.icePwd ?? icePwd
    }

    /// Media-level `a=ice-options`, else the session-level ones (Firefox writes them there).
    public func iceOptions(for section: MediaDescription) -> [String] {
        let own = section.iceOptions
        return own.isEmpty ? iceOptions : own
    }

    /// Media-level fingerprints, else session-level ones (Firefox writes them there).
    public func fingerprints(for section: MediaDescription) -> [SDPFingerprint] {
        let own = section.fingerprints
        return own.isEmpty ? fingerprints : own
    }

    /// Media-level `a=setup` as written, else the session-level one.
    public func setupValue(for section: MediaDescription) -> String? {
        section.setupValue ?? setupValue
    }

    /// The section's direction; the session-level attribute is the default, and `sendrecv`
    /// when neither level has one (RFC 8866 §6.7).
    public func direction(for section: MediaDescription) -> MediaDirection {
        section.direction ?? direction ?? .sendrecv
    }

    /// The section whose `a=mid` is this one.
    public func section(withMid mid: String) -> MediaDescription? {
        media.first { $0.mid == mid }
    }
}
