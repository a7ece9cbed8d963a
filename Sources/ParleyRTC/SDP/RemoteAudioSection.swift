/// The peer's audio section read with WebRTC's fallbacks: its own attributes first, then,
/// for an `a=bundle-only` section, those of the BUNDLE-tagged section whose transport it
/// shares (RFC 8843 §7), then the session level (where Firefox writes its fingerprint).
struct RemoteAudioSection {
    let description: SessionDescription
    let index: Int
    let section: MediaDescription
    let transport: MediaDescription

    init(_ description: SessionDescription, index: Int) {
        self.description = description
        self.index = index
        let section = description.media[index]
        self.section = section
        if section.isBundleOnly,
           let mid = section.mid,
           let group = description.bundleGroup,
           group.identificationTags.contains(mid),
           let tag = group.identificationTags.first,
           let tagged = description.section(withMid: tag) {
            transport = tagged
        } else {
            transport = section
        }
    }

    private var levels: [any SDPAttributeContainer] {
        [section, transport, description]
    }

    var mid: String? { section.mid }

    var rtcpMux: Bool { section.rtcpMux || transport.rtcpMux }

    var setupValue: String? {
        levels.lazy.compactMap(\.setupValue).first
    }

    func iceCredentials() throws(SDPError) -> (ufrag: String, pwd: String) {
        guard let ufrag = levels.lazy.compactMap(\.iceUfrag).first else { throw .missingICEUfrag(mid: mid) }
        guard let pwd = levels.lazy.compactMap(\.icePwd).first else { throw .missingICEPwd(mid: mid) }
        try JSEPValidation.checkICECredentials(ufrag: ufrag, pwd: pwd)
        return (ufrag, pwd)
    }

    var iceOptions: [String] {
        levels.lazy.map(\.iceOptions).first { !$0.isEmpty } ?? []
    }

    /// The sha-256 fingerprint, from the first level that has any fingerprint line.
    func fingerprint() throws(SDPError) -> SDPFingerprint {
        guard let written = levels.lazy.map({ $0.values(of: SDPFingerprint.attributeName) }).first(where: { !$0.isEmpty }) else {
            throw .missingFingerprint(mid: mid)
        }
        let parsed = written.compactMap { SDPFingerprint(attributeValue: $0) }
        guard let sha256 = parsed.first(where: { $0.hashFunction == SDPFingerprint.sha256 }) else {
            if parsed.isEmpty { throw .malformedFingerprint(SDPText.excerpt(written[0])) }
            throw .unsupportedFingerprintHash(found: parsed.map(\.hashFunction))
        }
        guard sha256.isValidSHA256 else { throw .malformedFingerprint(SDPText.excerpt(sha256.attributeValue)) }
        return sha256
    }

    var direction: MediaDirection { description.direction(for: section) }

    var opusPayloadType: UInt8? { JSEPValidation.opusPayloadType(in: section) }

    /// A telephone-event payload type listed on the m= line, preferring the one at Opus's
    /// 48 kHz clock (RFC 4733 §2.1 ties the event clock to the audio codec's).
    var telephoneEventPayloadType: (payloadType: UInt8, clockRate: UInt32)? {
        let listed = Set(section.payloadTypes)
        let events = section.rtpMaps.filter { $0.isTelephoneEvent && listed.contains($0.payloadType) }
        let chosen = events.first { $0.clockRate == OpusPreferences.clockRate } ?? events.first
        return chosen.map { ($0.payloadType, $0.clockRate) }
    }

    var candidates: [ICECandidate] {
        let own = section.candidates
        return own.isEmpty ? transport.candidates : own
    }

    var endOfCandidates: Bool { section.endOfCandidates || transport.endOfCandidates }

    var msid: MediaStreamID? {
        if let msid = section.msids.first { return msid }
        return section.ssrcAttributes.lazy
            .filter { $0.attribute == "msid" }
            .compactMap { $0.value.flatMap { MediaStreamID(attributeValue: $0) } }
            .first
    }

    var cname: String? {
        section.ssrcAttributes.first { $0.attribute == "cname" }?.value
    }
}
