import ParleyRTC
import Testing

@Suite("Parley's own offer and the browsers' answers (RFC 8829 §5.2, §5.10)")
struct JSEPOfferTests {
    @Test("offer shape: one audio section, mid 0, BUNDLE 0, actpass, rtcp-mux, Opus 111, trickle, port 9")
    func offerShape() throws {
        let local = ParleyLocal.parameters()
        let offer = try JSEP.makeOffer(local: local)
        #expect(offer.origin.sessionID == String(local.sessionID))
        #expect(offer.origin.sessionVersion == "1")
        #expect(offer.bundleGroup == SDPGroup(semantics: "BUNDLE", identificationTags: ["0"]))
        #expect(offer.media.count == 1)
        let audio = offer.media[0]
        #expect(audio.mediaLineValue == "audio 9 UDP/TLS/RTP/SAVPF 111")
        #expect(audio.connection?.lineValue == "IN IP4 0.0.0.0")
        #expect(audio.mid == "0")
        #expect(audio.setup == .actpass)
        #expect(audio.rtcpMux)
        #expect(audio.iceOptions == ["trickle"])
        #expect(audio.direction == .sendrecv)
        #expect(audio.firstValue(of: "rtpmap") == "111 opus/48000/2")
        #expect(audio.firstValue(of: "fmtp") == "111 minptime=10;useinbandfec=1")
        #expect(audio.fingerprints == [ParleyLocal.fingerprint])
        #expect(audio.msids == [MediaStreamID(streamID: "parley-stream", trackID: "parley-track")])
        #expect(audio.ssrcAttributes.map(\.attributeValue) == [
            "3735928559 cname:parley-cname", "3735928559 msid:parley-stream parley-track",
        ])
        #expect(audio.candidates.isEmpty)
        let text = offer.serialized()
        #expect(text.hasPrefix("v=0\r\no=- 4611686018427387904 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n"))
        #expect(!text.contains("\n\n") && text.hasSuffix("\r\n"))
        #expect(try SessionDescription(parsing: text) == offer)
    }

    @Test("offer options: telephone-event, stereo, receive-only, vanilla ICE candidates")
    func offerOptions() throws {
        var local = ParleyLocal.parameters(opus: OpusPreferences(stereo: true, telephoneEvent: true), sends: false)
        let candidate = try ICECandidate(parsing: "candidate:1 1 udp 2122260223 192.0.2.7 50000 typ host generation 0")
        local.candidates = [candidate]
        local.endOfCandidates = true
        let audio = try JSEP.makeOffer(local: local).media[0]
        #expect(audio.formats == ["111", "110"])
        #expect(audio.rtpMap(for: 110) == RTPMap(payloadType: 110, encodingName: "telephone-event", clockRate: 48000))
        #expect(audio.formatParameters(for: 111)?["stereo"] == "1")
        #expect(audio.formatParameters(for: 111)?["sprop-stereo"] == "1")
        #expect(audio.direction == .recvonly)
        #expect(audio.msids.isEmpty && audio.ssrcAttributes.isEmpty)
        #expect(audio.candidates == [candidate])
        #expect(audio.endOfCandidates)
    }

    @Test("browser answers parse as answers to a Parley offer", arguments: [
        ("chrome156-answer-audio.sdp", UInt8(111), 1, true),
        ("chrome156-answer-audio-mdns.sdp", UInt8(111), 1, false),
        ("firefox153-answer-audio.sdp", UInt8(109), 4, true),
        ("firefox153-answer-audio-mdns.sdp", UInt8(109), 2, false),
    ])
    func browserAnswer(name: String, opus: UInt8, candidateCount: Int, remoteSends: Bool) throws {
        let offer = try JSEP.makeOffer(local: ParleyLocal.parameters())
        let answer = try BrowserFixtures.sdp(name)
        let negotiated = try JSEP.processAnswer(answer, toOffer: offer)
        let section = answer.media[0]

        // The browser said a=setup:active: it is the DTLS client, we are the server.
        #expect(section.setup == .active)
        #expect(negotiated.dtlsRole == .server)
        #expect(negotiated.remoteFingerprint == answer.fingerprints(for: section).first)
        #expect(negotiated.remoteFingerprint.isValidSHA256)
        #expect(negotiated.remoteICEUfrag == section.iceUfrag)
        #expect(negotiated.remoteICEPwd == section.icePwd)
        #expect(negotiated.mid == "0")
        // Per-direction payload types: we send on the browser's number, receive on ours.
        #expect(negotiated.sendPayloadType == opus)
        #expect(negotiated.receivePayloadType == 111)
        #expect(negotiated.remoteCandidates.count == candidateCount)
        #expect(negotiated.remoteCandidates.allSatisfy { $0.componentID == 1 })
        #expect(negotiated.remoteSends == remoteSends)
        #expect(negotiated.remoteReceives)
        #expect(negotiated.remoteSSRCs == section.ssrcs)
    }

    @Test("browser answers: concrete values")
    func browserAnswerValues() throws {
        let offer = try JSEP.makeOffer(local: ParleyLocal.parameters())
        let chrome = try JSEP.processAnswer(BrowserFixtures.sdp("chrome156-answer-audio.sdp"), toOffer: offer)
        #expect(chrome.remoteICEUfrag == "I5EN")
        #expect(chrome.remoteICEPwd == "xdY/aKnAqOdMk19gRvfsY/A+")
        #expect(chrome.remoteFingerprint.hexDigest.hasPrefix("AC:33:02:30"))
        #expect(chrome.remoteSSRCs == [1_772_284_014])
        #expect(chrome.remoteCandidates.map(\.address) == ["127.0.0.1"])
        #expect(chrome.remoteCandidates.first?.port == 35334)

        let chromeMDNS = try JSEP.processAnswer(BrowserFixtures.sdp("chrome156-answer-audio-mdns.sdp"), toOffer: offer)
        #expect(chromeMDNS.remoteCandidates.first?.address == "507ba5fa-bf18-44db-906a-5107b722d5e3.local")
        #expect(chromeMDNS.remoteSSRCs.isEmpty)

        let firefox = try JSEP.processAnswer(BrowserFixtures.sdp("firefox153-answer-audio.sdp"), toOffer: offer)
        #expect(firefox.remoteICEUfrag == "cc9cd3f5")
        #expect(firefox.remoteICEPwd == "d2e5a9227734034911a25794277c2546")
        // Firefox writes its fingerprint at session level only.
        #expect(firefox.remoteFingerprint.hexDigest.hasPrefix("9C:70:D6:29"))
        #expect(firefox.remoteEndOfCandidates)
        #expect(firefox.remoteSSRCs == [420_627_008])
        #expect(Set(firefox.remoteCandidates.map(\.address)) == ["10.99.0.1", "::1"])

        let firefoxMDNS = try JSEP.processAnswer(BrowserFixtures.sdp("firefox153-answer-audio-mdns.sdp"), toOffer: offer)
        #expect(firefoxMDNS.remoteCandidates.allSatisfy { $0.address == "15740b01-f5ac-4aa2-bfd5-9218cadcf80e.local" })
    }

    @Test("a passive answer makes us the DTLS client")
    func passiveAnswer() throws {
        let offer = try JSEP.makeOffer(local: ParleyLocal.parameters())
        let text = SDPEdit.replacing(try BrowserFixtures.text("chrome156-answer-audio.sdp"), "a=setup:active", with: "a=setup:passive")
        #expect(try JSEP.processAnswer(SessionDescription(parsing: text), toOffer: offer).dtlsRole == .client)
    }

    @Test("Parley answers Parley: roles, credentials and payload types line up")
    func parleyToParley() throws {
        let alice = ParleyLocal.parameters(ufrag: "alice", pwd: "alicePasswordAlicePassword")
        var bob = ParleyLocal.parameters(opus: OpusPreferences(payloadType: 100), ufrag: "bob1", pwd: "bobPasswordBobPassword+/")
        bob.fingerprint = SDPFingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0x42, count: 32))
        bob.ssrc = 1234
        let offer = try JSEP.makeOffer(local: alice)
        let answer = try JSEP.makeAnswer(to: SessionDescription(parsing: offer.serialized()), local: bob)
        let atAlice = try JSEP.processAnswer(SessionDescription(parsing: answer.description.serialized()), toOffer: offer)
        let atBob = answer.negotiated

        #expect(atAlice.dtlsRole == .server && atBob.dtlsRole == .client)
        #expect(atAlice.remoteICEUfrag == "bob1" && atBob.remoteICEUfrag == "alice")
        #expect(atAlice.remoteFingerprint == bob.fingerprint && atBob.remoteFingerprint == alice.fingerprint)
        #expect(atAlice.sendPayloadType == 111 && atBob.sendPayloadType == 111)
        #expect(atAlice.remoteSSRCs == [1234] && atBob.remoteSSRCs == [0xDEAD_BEEF])
        #expect(atAlice.remoteCName == "parley-cname")
        #expect(atAlice.remoteSends && atAlice.remoteReceives && atBob.remoteSends && atBob.remoteReceives)
    }
}
