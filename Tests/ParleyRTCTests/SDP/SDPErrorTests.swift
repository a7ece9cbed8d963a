import ParleyRTC
import Testing

/// Each negotiation error, provoked by a minimal edit of a real browser description.
@Suite("Negotiation errors")
struct SDPErrorTests {
    private let local = ParleyLocal.parameters()

    private func answer(_ text: String) throws -> JSEPAnswer {
        try JSEP.makeAnswer(to: SessionDescription(parsing: text), local: local)
    }

    private func process(_ text: String) throws -> NegotiatedAudio {
        try JSEP.processAnswer(SessionDescription(parsing: text), toOffer: JSEP.makeOffer(local: local))
    }

    @Test("offer errors")
    func offerErrors() throws {
        let chrome = try BrowserFixtures.text("chrome156-offer-audio.sdp")
        let firefox = try BrowserFixtures.text("firefox153-offer-audio.sdp")

        var videoOnly = try BrowserFixtures.sdp("chrome156-offer-audio-video-recv.sdp")
        videoOnly.media.removeFirst()
        #expect(throws: SDPError.noAudioMedia) { try JSEP.makeAnswer(to: videoOnly, local: local) }

        var stopped = try BrowserFixtures.sdp("chrome156-offer-audio.sdp")
        stopped.media[0].port = 0
        #expect(throws: SDPError.noAudioMedia) { try JSEP.makeAnswer(to: stopped, local: local) }

        let noOpus = SDPEdit.replacing(chrome, "a=rtpmap:111 opus/48000/2", with: "a=rtpmap:111 speex/48000/2")
        #expect(throws: SDPError.noOpus(mid: "0")) { try answer(noOpus) }
        // Opus must be opus/48000/2 (RFC 7587 §7).
        let monoOpus = SDPEdit.replacing(firefox, "a=rtpmap:109 opus/48000/2", with: "a=rtpmap:109 opus/48000")
        #expect(throws: SDPError.noOpus(mid: "0")) { try answer(monoOpus) }

        let plainRTP = SDPEdit.replacing(chrome, "UDP/TLS/RTP/SAVPF", with: "RTP/AVP")
        #expect(throws: SDPError.unsupportedTransportProtocol(mid: "0", proto: "RTP/AVP")) { try answer(plainRTP) }

        let noMux = SDPEdit.removing(firefox) { $0 == "a=rtcp-mux" }
        #expect(throws: SDPError.missingRTCPMux(mid: "0")) { try answer(noMux) }

        let noUfrag = SDPEdit.removing(firefox) { $0.hasPrefix("a=ice-ufrag") }
        #expect(throws: SDPError.missingICEUfrag(mid: "0")) { try answer(noUfrag) }
        let noPwd = SDPEdit.removing(chrome) { $0.hasPrefix("a=ice-pwd") }
        #expect(throws: SDPError.missingICEPwd(mid: "0")) { try answer(noPwd) }
        let shortUfrag = SDPEdit.replacing(chrome, "a=ice-ufrag:Pgmi", with: "a=ice-ufrag:Pgm")
        #expect(throws: SDPError.invalidICEUfrag(length: 3)) { try answer(shortUfrag) }
        let longUfrag = SDPEdit.replacing(chrome, "a=ice-ufrag:Pgmi", with: "a=ice-ufrag:" + String(repeating: "u", count: 257))
        #expect(throws: SDPError.invalidICEUfrag(length: 257)) { try answer(longUfrag) }
        let shortPwd = SDPEdit.replacing(chrome, "a=ice-pwd:/7XCpIBsflNLWeJsrwGED483", with: "a=ice-pwd:/7XCpIBsflNLWeJsrwGED")
        #expect(throws: SDPError.invalidICEPwd(length: 21)) { try answer(shortPwd) }

        let noFingerprint = SDPEdit.removing(firefox) { $0.hasPrefix("a=fingerprint") }
        #expect(throws: SDPError.missingFingerprint(mid: "0")) { try answer(noFingerprint) }
        let sha384 = "a=fingerprint:sha-384 " + (0..<48).map { _ in "AB" }.joined(separator: ":")
        let onlySHA384 = SDPEdit.replacingLines(firefox, prefix: "a=fingerprint", with: sha384)
        #expect(throws: SDPError.unsupportedFingerprintHash(found: ["sha-384"])) { try answer(onlySHA384) }
        let shortSHA256 = SDPEdit.replacingLines(chrome, prefix: "a=fingerprint", with: "a=fingerprint:sha-256 AB:CD")
        #expect(throws: SDPError.malformedFingerprint("sha-256 AB:CD")) { try answer(shortSHA256) }
        let garbage = SDPEdit.replacingLines(chrome, prefix: "a=fingerprint", with: "a=fingerprint:sha-256 not-hex")
        #expect(throws: SDPError.malformedFingerprint("sha-256 not-hex")) { try answer(garbage) }

        // A sha-256 fingerprint next to others is found.
        let both = SDPEdit.replacingLines(firefox, prefix: "a=fingerprint", with: sha384 + "\r\n" + SDPEdit.lines(firefox).first { $0.hasPrefix("a=fingerprint") }!)
        #expect(try answer(both).negotiated.remoteFingerprint.hashFunction == "sha-256")
    }

    @Test("media-level fingerprint wins over the session-level one")
    func mediaLevelWins() throws {
        let firefox = try BrowserFixtures.text("firefox153-offer-audio.sdp")
        let mediaLevel = SDPFingerprint(hashFunction: "sha-256", bytes: Array(repeating: 0x11, count: 32))
        let edited = SDPEdit.replacing(firefox, "a=mid:0", with: "a=mid:0\r\n" + "a=" + mediaLevel.attribute.lineValue)
        #expect(try answer(edited).negotiated.remoteFingerprint == mediaLevel)
    }

    @Test("answer errors")
    func answerErrors() throws {
        let chrome = try BrowserFixtures.text("chrome156-answer-audio.sdp")
        let firefox = try BrowserFixtures.text("firefox153-answer-audio.sdp")

        let actpass = SDPEdit.replacing(chrome, "a=setup:active", with: "a=setup:actpass")
        #expect(throws: SDPError.invalidSetupInAnswer("actpass")) { try process(actpass) }
        let holdconn = SDPEdit.replacing(firefox, "a=setup:active", with: "a=setup:holdconn")
        #expect(throws: SDPError.invalidSetupInAnswer("holdconn")) { try process(holdconn) }

        let noFingerprint = SDPEdit.removing(firefox) { $0.hasPrefix("a=fingerprint") }
        #expect(throws: SDPError.missingFingerprint(mid: "0")) { try process(noFingerprint) }
        let sha1 = SDPEdit.replacingLines(chrome, prefix: "a=fingerprint", with: "a=fingerprint:sha-1 " + (0..<20).map { _ in "0F" }.joined(separator: ":"))
        #expect(throws: SDPError.unsupportedFingerprintHash(found: ["sha-1"])) { try process(sha1) }

        let noUfrag = SDPEdit.removing(chrome) { $0.hasPrefix("a=ice-ufrag") }
        #expect(throws: SDPError.missingICEUfrag(mid: "0")) { try process(noUfrag) }
        let noPwd = SDPEdit.removing(firefox) { $0.hasPrefix("a=ice-pwd") }
        #expect(throws: SDPError.missingICEPwd(mid: "0")) { try process(noPwd) }

        let rejected = SDPEdit.replacing(chrome, "m=audio 35334", with: "m=audio 0")
        #expect(throws: SDPError.audioRejected(mid: "0")) { try process(rejected) }
        let noOpus = SDPEdit.removing(firefox) { $0.hasPrefix("a=rtpmap:109") }
        #expect(throws: SDPError.noOpus(mid: "0")) { try process(noOpus) }
        let noMux = SDPEdit.removing(chrome) { $0 == "a=rtcp-mux" }
        #expect(throws: SDPError.missingRTCPMux(mid: "0")) { try process(noMux) }

        let extraSection = chrome + "m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n"
        #expect(throws: SDPError.mediaCountMismatch(offered: 1, answered: 2)) { try process(extraSection) }
        let otherMid = SDPEdit.replacing(chrome, "a=mid:0", with: "a=mid:audio")
        #expect(throws: SDPError.midMismatch(index: 0, offered: "0", answered: "audio")) { try process(otherMid) }
    }

    @Test("local parameters are checked before anything is written")
    func localErrors() throws {
        #expect(throws: SDPError.invalidICEUfrag(length: 3)) { try JSEP.makeOffer(local: ParleyLocal.parameters(ufrag: "abc")) }
        #expect(throws: SDPError.invalidICEPwd(length: 10)) { try JSEP.makeOffer(local: ParleyLocal.parameters(pwd: "0123456789")) }
        #expect(throws: SDPError.self) { try JSEP.makeOffer(local: ParleyLocal.parameters(ufrag: "ab:cd")) }
        #expect(throws: SDPError.self) { try JSEP.makeOffer(local: ParleyLocal.parameters(sessionID: .max)) }
        var local = ParleyLocal.parameters()
        local.fingerprint = SDPFingerprint(hashFunction: "sha-1", bytes: Array(repeating: 1, count: 20))
        #expect(throws: SDPError.unsupportedFingerprintHash(found: ["sha-1"])) { try JSEP.makeOffer(local: local) }
        local = ParleyLocal.parameters()
        local.cname = "two words"
        #expect(throws: SDPError.self) { try JSEP.makeOffer(local: local) }
        local = ParleyLocal.parameters(opus: OpusPreferences(payloadType: 8))
        #expect(throws: SDPError.self) { try JSEP.makeOffer(local: local) }
    }

    @Test("descriptions are readable and name the problem")
    func descriptions() {
        let cases: [(SDPError, String)] = [
            (.noAudioMedia, "m=audio"),
            (.noOpus(mid: "0"), "opus/48000/2"),
            (.missingICEUfrag(mid: "0"), "ice-ufrag"),
            (.missingICEPwd(mid: nil), "ice-pwd"),
            (.invalidICEUfrag(length: 3), "4 to 256"),
            (.invalidICEPwd(length: 3), "22 to 256"),
            (.missingFingerprint(mid: "0"), "fingerprint"),
            (.unsupportedFingerprintHash(found: ["sha-1", "sha-512"]), "sha-1, sha-512"),
            (.invalidSetupInAnswer("actpass"), "actpass is illegal in an answer"),
            (.invalidSetupInOffer("holdconn"), "holdconn"),
            (.mediaCountMismatch(offered: 1, answered: 2), "2 m= sections"),
            (.malformedLine(lineNumber: 7, line: "m=x", reason: "why"), "line 7"),
        ]
        for (error, fragment) in cases {
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }
}
