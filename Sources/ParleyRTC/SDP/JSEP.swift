/// The JSEP (RFC 8829) offer/answer subset of an audio-only endpoint that does BUNDLE,
/// rtcp-mux, trickle ICE and DTLS-SRTP with Opus.
public enum JSEP {
    /// The protocol of every RTP m= section JSEP creates (RFC 8829 §5.1.2).
    public static let rtpProtocol = "UDP/TLS/RTP/SAVPF"

    /// Parley's offer: one audio section, mid `0`, BUNDLE `0`, `a=setup:actpass`, rtcp-mux,
    /// Opus, trickle, `c=IN IP4 0.0.0.0` and port 9 (RFC 8829 §5.2.1).
    public static func makeOffer(local: JSEPLocalParameters) throws(SDPError) -> SessionDescription {
        try local.validate()
        let mid = "0"
        let section = JSEPAudioSection(
            local: local,
            mid: mid,
            proto: rtpProtocol,
            setup: .actpass,
            direction: MediaDirection(sends: local.sends, receives: local.receives),
            opusPayloadType: local.opus.payloadType,
            opusParameters: local.opus.offerParameters(),
            telephoneEvent: local.opus.telephoneEvent
                ? (local.opus.telephoneEventPayloadType, OpusPreferences.clockRate) : nil
        )
        return JSEPAudioSection.session(local: local, bundle: [mid], media: [section.build()])
    }

    /// Answers a remote offer (RFC 8829 §5.3.1): one answer section per offered section, in
    /// the same order with the same mid. The first usable audio section that offers Opus is
    /// accepted; every other section (video, data, more audio) is rejected with port 0.
    ///
    /// `dtlsRole` is the role of an existing DTLS association: a later offer says `actpass`
    /// again, and the answer keeps the association's role (RFC 8842 §5.5).
    public static func makeAnswer(to offer: SessionDescription, local: JSEPLocalParameters,
                                  dtlsRole existingRole: NegotiatedAudio.DTLSRole? = nil) throws(SDPError) -> JSEPAnswer {
        try local.validate()
        let index = try audioSectionIndex(in: offer)
        let remote = RemoteAudioSection(offer, index: index)
        guard JSEPValidation.isDTLSSRTP(remote.section.proto) else {
            throw .unsupportedTransportProtocol(mid: remote.mid, proto: SDPText.excerpt(remote.section.proto))
        }
        guard remote.rtcpMux else { throw .missingRTCPMux(mid: remote.mid) }
        let credentials = try remote.iceCredentials()
        let fingerprint = try remote.fingerprint()

        // RFC 5763 §5: an absent setup in an offer is taken as actpass, the only value offers send.
        let offeredSetup = remote.setupValue ?? SDPSetup.actpass.rawValue
        let (setup, role): (SDPSetup, NegotiatedAudio.DTLSRole)
        switch SDPSetup(rawValue: offeredSetup) {
        case .actpass where existingRole == .server: (setup, role) = (.passive, .server)
        case .actpass, .passive: (setup, role) = (.active, .client)
        case .active: (setup, role) = (.passive, .server)
        case .holdconn, nil: throw .invalidSetupInOffer(SDPText.excerpt(offeredSetup))
        }

        guard let opus = remote.opusPayloadType else { throw .noOpus(mid: remote.mid) }
        let telephoneEvent = local.opus.telephoneEvent ? remote.telephoneEventPayloadType : nil
        let direction = remote.direction.answer(sending: local.sends, receiving: local.receives)

        let audio = JSEPAudioSection(
            local: local,
            mid: remote.mid,
            proto: remote.section.proto,
            setup: setup,
            direction: direction,
            opusPayloadType: opus,
            opusParameters: local.opus.answerParameters(),
            telephoneEvent: telephoneEvent
        ).build()

        var sections: [MediaDescription] = []
        for (position, offered) in offer.media.enumerated() {
            sections.append(position == index ? audio : rejected(offered))
        }
        // RFC 8843 §7.3: the answer's group holds only the accepted sections that were offered in it.
        var bundle: [String] = []
        if let mid = remote.mid, offer.bundleGroup?.identificationTags.contains(mid) == true {
            bundle = [mid]
        }

        let negotiated = NegotiatedAudio(
            mid: remote.mid,
            mLineIndex: index,
            remoteICEUfrag: credentials.ufrag,
            remoteICEPwd: credentials.pwd,
            remoteICEOptions: remote.iceOptions,
            remoteICELite: offer.isICELite,
            remoteFingerprint: fingerprint,
            dtlsRole: role,
            sendPayloadType: opus,
            receivePayloadType: opus,
            sendTelephoneEventPayloadType: telephoneEvent?.payloadType,
            receiveTelephoneEventPayloadType: telephoneEvent?.payloadType,
            remoteOpusParameters: remote.section.formatParameters(for: opus),
            remoteSSRCs: remote.section.ssrcs,
            remoteCName: remote.cname,
            remoteMSID: remote.msid,
            remoteCandidates: remote.candidates,
            remoteEndOfCandidates: remote.endOfCandidates,
            remoteSends: direction.receives,
            remoteReceives: direction.sends
        )
        return JSEPAnswer(
            description: JSEPAudioSection.session(local: local, bundle: bundle, media: sections),
            negotiated: negotiated
        )
    }

    /// Applies the remote answer to an offer we made (RFC 8829 §5.10): same sections in the
    /// same order, Opus accepted, `a=setup` active or passive, fingerprint and ICE credentials
    /// present.
    public static func processAnswer(_ answer: SessionDescription, toOffer offer: SessionDescription) throws(SDPError) -> NegotiatedAudio {
        guard answer.media.count == offer.media.count else {
            throw .mediaCountMismatch(offered: offer.media.count, answered: answer.media.count)
        }
        for (position, (offered, answered)) in zip(offer.media, answer.media).enumerated() where offered.mid != answered.mid {
            throw .midMismatch(index: position, offered: offered.mid, answered: answered.mid)
        }
        let index = try audioSectionIndex(in: offer)
        let ours = RemoteAudioSection(offer, index: index)
        let remote = RemoteAudioSection(answer, index: index)
        guard remote.section.port != 0 else { throw .audioRejected(mid: remote.mid) }
        guard let sendPayloadType = remote.opusPayloadType, let receivePayloadType = ours.opusPayloadType else {
            throw .noOpus(mid: remote.mid)
        }
        guard remote.rtcpMux else { throw .missingRTCPMux(mid: remote.mid) }
        let credentials = try remote.iceCredentials()
        let fingerprint = try remote.fingerprint()

        // RFC 4145 §4: an absent setup attribute means active.
        let answeredSetup = remote.setupValue ?? SDPSetup.active.rawValue
        let role: NegotiatedAudio.DTLSRole
        switch SDPSetup(rawValue: answeredSetup) {
        case .active: role = .server
        case .passive: role = .client
        case .actpass, .holdconn, nil: throw .invalidSetupInAnswer(SDPText.excerpt(answeredSetup))
        }

        let answeredEvent = remote.telephoneEventPayloadType
        let offeredEvent = answeredEvent.flatMap { answered in
            ours.section.rtpMaps.first { $0.isTelephoneEvent && $0.clockRate == answered.clockRate }?.payloadType
        }
        let ourDirection = ours.direction
        let theirDirection = remote.direction

        return NegotiatedAudio(
            mid: ours.mid,
            mLineIndex: index,
            remoteICEUfrag: credentials.ufrag,
            remoteICEPwd: credentials.pwd,
            remoteICEOptions: remote.iceOptions,
            remoteICELite: answer.isICELite,
            remoteFingerprint: fingerprint,
            dtlsRole: role,
            sendPayloadType: sendPayloadType,
            receivePayloadType: receivePayloadType,
            sendTelephoneEventPayloadType: offeredEvent == nil ? nil : answeredEvent?.payloadType,
            receiveTelephoneEventPayloadType: offeredEvent,
            remoteOpusParameters: remote.section.formatParameters(for: sendPayloadType),
            remoteSSRCs: remote.section.ssrcs,
            remoteCName: remote.cname,
            remoteMSID: remote.msid,
            remoteCandidates: remote.candidates,
            remoteEndOfCandidates: remote.endOfCandidates,
            remoteSends: theirDirection.sends && ourDirection.receives,
            remoteReceives: theirDirection.receives && ourDirection.sends
        )
    }

    /// The first audio section the offerer did not reject that offers Opus.
    static func audioSectionIndex(in offer: SessionDescription) throws(SDPError) -> Int {
        let audio = offer.media.indices.filter { offer.media[$0].kind == .audio && !offer.media[$0].isRejected }
        guard let first = audio.first else { throw .noAudioMedia }
        guard let withOpus = audio.first(where: { JSEPValidation.opusPayloadType(in: offer.media[$0]) != nil }) else {
            throw .noOpus(mid: offer.media[first].mid)
        }
        return withOpus
    }

    /// RFC 8829 §5.3.1 / RFC 3264 §6: a rejected section keeps the offered kind, protocol and
    /// formats (the format list must not be empty) and its mid, with port 0.
    static func rejected(_ offered: MediaDescription) -> MediaDescription {
        var attributes: [SDPAttribute] = []
        if let mid = offered.mid { attributes.append(SDPAttribute(name: "mid", value: mid)) }
        attributes.append(MediaDirection.inactive.attribute)
        return MediaDescription(
            kind: offered.kind,
            port: 0,
            proto: offered.proto,
            formats: offered.formats.isEmpty ? ["0"] : offered.formats,
            connection: .placeholder,
            attributes: attributes
        )
    }
}

/// An answer and what it negotiated.
public struct JSEPAnswer: Sendable, Hashable {
    public var description: SessionDescription
    public var negotiated: NegotiatedAudio

    public init(description: SessionDescription, negotiated: NegotiatedAudio) {
        self.description = description
        self.negotiated = negotiated
    }
}
