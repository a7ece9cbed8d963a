import ParleyRTC
import Testing

@Suite("JSEP answers to captured browser offers (RFC 8829 §5.3)")
struct JSEPAnswerTests {
    @Test("answer shape", arguments: BrowserFixtures.offers)
    func answerShape(name: String) throws {
        let offer = try BrowserFixtures.sdp(name)
        let local = ParleyLocal.parameters()
        let result = try JSEP.makeAnswer(to: offer, local: local)
        let answer = result.description

        // One answer section per offered section, same order, same kind, same mid.
        #expect(answer.media.count == offer.media.count)
        #expect(answer.media.map(\.kind) == offer.media.map(\.kind))
        #expect(answer.media.map(\.mid) == offer.media.map(\.mid))
        #expect(answer.media.map(\.proto) == offer.media.map(\.proto))

        let offeredAudio = offer.media[0]
        let audio = answer.media[0]
        #expect(result.negotiated.mLineIndex == 0)
        #expect(audio.port == 9)
        #expect(audio.connection == .placeholder)

        // Everything that is not the audio section is rejected, with a valid format list.
        for (offered, answered) in zip(offer.media, answer.media).dropFirst() {
            #expect(answered.port == 0)
            #expect(answered.isRejected)
            #expect(answered.formats == offered.formats)
            #expect(answered.candidates.isEmpty)
        }
        #expect(answer.bundleGroup == SDPGroup(semantics: "BUNDLE", identificationTags: ["0"]))

        // Opus keeps the offerer's payload type.
        let offeredOpus = try #require(offeredAudio.rtpMaps.first(where: \.isOpus)?.payloadType)
        #expect(audio.formats == [String(offeredOpus)])
        #expect(audio.rtpMap(for: offeredOpus) == RTPMap(payloadType: offeredOpus, encodingName: "opus", clockRate: 48000, channels: 2))
        #expect(audio.formatParameters(for: offeredOpus)?.attributeValue == "\(offeredOpus) minptime=10;useinbandfec=1;stereo=0;sprop-stereo=0")
        #expect(result.negotiated.sendPayloadType == offeredOpus)
        #expect(result.negotiated.receivePayloadType == offeredOpus)

        // Transport: we answer actpass with active, so we are the DTLS client.
        #expect(audio.setup == .active)
        #expect(result.negotiated.dtlsRole == .client)
        #expect(audio.rtcpMux)
        #expect(audio.iceOptions == ["trickle"])
        #expect(audio.iceUfrag == local.iceUfrag)
        #expect(audio.icePwd == local.icePwd)
        #expect(audio.fingerprints == [local.fingerprint])
        #expect(audio.firstValue(of: "fingerprint")?.hasPrefix("sha-256 ") == true)

        // What we learnt about the peer.
        #expect(result.negotiated.remoteICEUfrag == offer.iceUfrag(for: offeredAudio))
        #expect(result.negotiated.remoteICEPwd == offer.icePwd(for: offeredAudio))
        #expect(result.negotiated.remoteFingerprint == offer.fingerprints(for: offeredAudio).first)
        #expect(result.negotiated.remoteCandidates == offeredAudio.candidates)
        #expect(result.negotiated.remoteEndOfCandidates == offeredAudio.endOfCandidates)
        #expect(result.negotiated.remoteSSRCs == offeredAudio.ssrcs)

        // Serialise → parse gives the same description.
        #expect(try SessionDescription(parsing: answer.serialized()) == answer)
    }

    @Test("answer direction follows the offer's", arguments: [
        ("chrome156-offer-audio.sdp", MediaDirection.sendrecv),
        ("chrome156-offer-audio-video-recv.sdp", .sendrecv),
        ("chrome156-offer-recv-legacy-notrack.sdp", .sendonly),
        ("chrome156-offer-audio-mdns.sdp", .sendrecv),
        ("firefox153-offer-audio.sdp", .sendrecv),
        ("firefox153-offer-audio.createOffer.sdp", .sendrecv),
        ("firefox153-offer-recv-legacy-notrack.sdp", .sendonly),
    ])
    func direction(name: String, expected: MediaDirection) throws {
        let offer = try BrowserFixtures.sdp(name)
        let result = try JSEP.makeAnswer(to: offer, local: ParleyLocal.parameters())
        let audio = result.description.media[0]
        #expect(audio.direction == expected)
        #expect(result.negotiated.remoteSends == expected.receives)
        #expect(result.negotiated.remoteReceives == expected.sends)
        // a=msid and a=ssrc only when we send.
        #expect(audio.msids == [MediaStreamID(streamID: "parley-stream", trackID: "parley-track")])
        #expect(audio.ssrcAttributes == [
            SSRCAttribute(ssrc: 0xDEAD_BEEF, attribute: "cname", value: "parley-cname"),
            SSRCAttribute(ssrc: 0xDEAD_BEEF, attribute: "msid", value: "parley-stream parley-track"),
        ])
    }

    @Test("a receive-only Parley answers a recvonly offer with inactive and says nothing of its SSRC")
    func receiveOnlyAgainstRecvonly() throws {
        let offer = try BrowserFixtures.sdp("firefox153-offer-recv-legacy-notrack.sdp")
        let result = try JSEP.makeAnswer(to: offer, local: ParleyLocal.parameters(sends: false))
        let audio = result.description.media[0]
        #expect(audio.direction == .inactive)
        #expect(audio.msids.isEmpty)
        #expect(audio.ssrcAttributes.isEmpty)
        #expect(!result.negotiated.remoteSends && !result.negotiated.remoteReceives)
    }

    @Test("the offerer can apply our answer: it becomes the DTLS server with our credentials", arguments: BrowserFixtures.offers)
    func offererAppliesAnswer(name: String) throws {
        let offer = try BrowserFixtures.sdp(name)
        let local = ParleyLocal.parameters()
        let answer = try JSEP.makeAnswer(to: offer, local: local)
        let reparsed = try SessionDescription(parsing: answer.description.serialized())
        let seenByOfferer = try JSEP.processAnswer(reparsed, toOffer: offer)
        #expect(seenByOfferer.dtlsRole == .server)
        #expect(seenByOfferer.remoteICEUfrag == local.iceUfrag)
        #expect(seenByOfferer.remoteICEPwd == local.icePwd)
        #expect(seenByOfferer.remoteFingerprint == local.fingerprint)
        #expect(seenByOfferer.sendPayloadType == answer.negotiated.receivePayloadType)
        #expect(seenByOfferer.remoteSends == answer.negotiated.remoteReceives)
        #expect(seenByOfferer.remoteReceives == answer.negotiated.remoteSends)
        #expect(seenByOfferer.mid == answer.negotiated.mid)
    }

    @Test("telephone-event is answered at the offerer's payload type, 48 kHz preferred", arguments: [
        ("chrome156-offer-audio.sdp", UInt8(111), UInt8(110)),
        ("firefox153-offer-audio.sdp", UInt8(109), UInt8(101)),
    ])
    func telephoneEvent(name: String, opus: UInt8, event: UInt8) throws {
        let offer = try BrowserFixtures.sdp(name)
        let result = try JSEP.makeAnswer(to: offer, local: ParleyLocal.parameters(opus: OpusPreferences(telephoneEvent: true)))
        let audio = result.description.media[0]
        #expect(audio.formats == [String(opus), String(event)])
        let offered = try #require(offer.media[0].rtpMap(for: event))
        #expect(audio.rtpMap(for: event) == offered)
        #expect(audio.formatParameters(for: event)?.attributeValue == "\(event) 0-15")
        #expect(result.negotiated.sendTelephoneEventPayloadType == event)
        #expect(result.negotiated.receiveTelephoneEventPayloadType == event)
    }

    @Test("remote Opus parameters, SSRC, cname and msid come from the offer")
    func remoteDetails() throws {
        let chrome = try JSEP.makeAnswer(to: BrowserFixtures.sdp("chrome156-offer-audio.sdp"), local: ParleyLocal.parameters()).negotiated
        #expect(chrome.remoteOpusParameters?["useinbandfec"] == "1")
        #expect(chrome.remoteSSRCs == [3_252_889_919])
        #expect(chrome.remoteCName == "SABbNkmNn4Zq2eyD")
        #expect(chrome.remoteMSID == MediaStreamID(streamID: "ec722376-932c-46bb-ae7f-c1f7ee73a273", trackID: "74ed493d-1495-44f1-bd4e-338b5bc96cce"))
        #expect(chrome.remoteICEOptions == ["trickle"])
        #expect(!chrome.remoteEndOfCandidates)

        let firefox = try JSEP.makeAnswer(to: BrowserFixtures.sdp("firefox153-offer-audio.sdp"), local: ParleyLocal.parameters()).negotiated
        #expect(firefox.remoteOpusParameters?["stereo"] == "1")
        #expect(firefox.remoteCName == "{81b345c5-419e-4aaa-a28a-0b5e751abf08}")
        #expect(firefox.remoteMSID?.trackID == "{5724236e-a6ec-44fd-902f-1c0a5f9c2c5b}")
        #expect(firefox.remoteICEOptions == ["trickle"])
        #expect(firefox.remoteEndOfCandidates)
        #expect(firefox.remoteCandidates.count == 8)
    }

    @Test("setup: actpass and passive offers are answered active, active offers passive")
    func setupRoles() throws {
        let text = try BrowserFixtures.text("chrome156-offer-audio.sdp")
        for (offered, answered, role) in [
            ("actpass", SDPSetup.active, NegotiatedAudio.DTLSRole.client),
            ("passive", .active, .client),
            ("active", .passive, .server),
        ] {
            let offer = try SessionDescription(parsing: SDPEdit.replacing(text, "a=setup:actpass", with: "a=setup:\(offered)"))
            let result = try JSEP.makeAnswer(to: offer, local: ParleyLocal.parameters())
            #expect(result.description.media[0].setup == answered)
            #expect(result.negotiated.dtlsRole == role)
        }
        let holdconn = try SessionDescription(parsing: SDPEdit.replacing(text, "a=setup:actpass", with: "a=setup:holdconn"))
        #expect(throws: SDPError.invalidSetupInOffer("holdconn")) { try JSEP.makeAnswer(to: holdconn, local: ParleyLocal.parameters()) }
    }

    @Test("video first: the audio section is still found, and BUNDLE names only its mid")
    func videoFirst() throws {
        var offer = try BrowserFixtures.sdp("chrome156-offer-audio-video-recv.sdp")
        offer.media.swapAt(0, 1)
        let result = try JSEP.makeAnswer(to: offer, local: ParleyLocal.parameters())
        #expect(result.negotiated.mLineIndex == 1)
        #expect(result.negotiated.mid == "0")
        #expect(result.description.media.map(\.port) == [0, 9])
        #expect(result.description.bundleGroup?.identificationTags == ["0"])
    }

    @Test("a second audio section and a data channel are rejected")
    func extraSections() throws {
        var offer = try BrowserFixtures.sdp("chrome156-offer-audio.sdp")
        var second = offer.media[0]
        second.attributes = second.attributes.map { $0.name == "mid" ? SDPAttribute(name: "mid", value: "1") : $0 }
        let data = MediaDescription(
            kind: .application, port: 9, proto: "UDP/DTLS/SCTP", formats: ["webrtc-datachannel"],
            connection: .placeholder, attributes: [SDPAttribute(name: "mid", value: "2"), SDPAttribute(name: "sctp-port", value: "5000")]
        )
        offer.media += [second, data]
        offer.attributes = offer.attributes.map { $0.name == "group" ? SDPAttribute(name: "group", value: "BUNDLE 0 1 2") : $0 }
        let answer = try JSEP.makeAnswer(to: offer, local: ParleyLocal.parameters()).description
        #expect(answer.media.map(\.port) == [9, 0, 0])
        #expect(answer.media.map(\.mid) == ["0", "1", "2"])
        #expect(answer.media[2].serializedLine == "m=application 0 UDP/DTLS/SCTP webrtc-datachannel")
        #expect(answer.bundleGroup?.identificationTags == ["0"])
    }

    @Test("a bundle-only audio section takes ICE and DTLS parameters from the tagged section")
    func bundleOnlyAudio() throws {
        var offer = try BrowserFixtures.sdp("chrome156-offer-audio-video-recv.sdp")
        offer.media.swapAt(0, 1)
        offer.attributes = offer.attributes.map { $0.name == "group" ? SDPAttribute(name: "group", value: "BUNDLE 1 0") : $0 }
        let transportOnly = ["candidate", "ice-ufrag", "ice-pwd", "fingerprint", "setup", "rtcp-mux"]
        offer.media[1].attributes.removeAll { transportOnly.contains($0.name) }
        offer.media[1].attributes.append(SDPAttribute(name: "bundle-only"))
        offer.media[1].attributes.append(SDPAttribute(name: "rtcp-mux"))
        offer.media[1].port = 0
        let result = try JSEP.makeAnswer(to: offer, local: ParleyLocal.parameters())
        #expect(result.negotiated.mLineIndex == 1)
        #expect(result.negotiated.remoteICEUfrag == "UDif")
        #expect(result.negotiated.remoteCandidates == offer.media[0].candidates)
        #expect(result.description.media.map(\.port) == [0, 9])
    }
}

extension MediaDescription {
    fileprivate var serializedLine: String { "m=" + mediaLineValue }
}
