import ParleyRTC
import Testing

/// The facts fixtures/README.txt states about each captured offer, read through the parser.
@Suite("Captured browser offers")
struct BrowserOfferTests {
    @Test("Chromium audio offer: Opus 111, BUNDLE 0, actpass, UDP + TCP-active host candidates")
    func chromeAudio() throws {
        let offer = try BrowserFixtures.sdp("chrome156-offer-audio.sdp")
        #expect(offer.bundleGroup == SDPGroup(semantics: "BUNDLE", identificationTags: ["0"]))
        #expect(offer.media.map(\.kind) == [.audio])
        let audio = offer.media[0]
        #expect(offer.direction(for: audio) == .sendrecv)
        #expect(audio.setup == .actpass)
        #expect(audio.rtpMaps.first(where: \.isOpus)?.payloadType == 111)
        #expect(audio.rtpMap(for: 63)?.encodingName == "red")
        #expect(Set(audio.rtpMaps.map(\.encodingName)) == ["opus", "red", "G722", "PCMU", "PCMA", "CN", "telephone-event"])
        let candidates = audio.candidates
        #expect(candidates.count == 2)
        #expect(candidates.map(\.transport) == [.udp, .tcp])
        #expect(candidates.allSatisfy { $0.type == .host && $0.address == "127.0.0.1" && $0.componentID == 1 })
        #expect(candidates[0].port == audio.port)
        #expect(candidates[1].port == 9)
        #expect(candidates[1].tcpType == .active)
        #expect(!audio.endOfCandidates)
    }

    @Test("createOffer() results carry no candidates, port 9 and c=IN IP4 0.0.0.0", arguments: [
        "chrome156-offer-audio.createOffer.sdp", "firefox153-offer-audio.createOffer.sdp",
    ])
    func createOfferShape(name: String) throws {
        let offer = try BrowserFixtures.sdp(name)
        let audio = try #require(offer.media.first)
        #expect(audio.candidates.isEmpty)
        #expect(audio.port == 9)
        #expect(audio.connection == .placeholder)
        // The localDescription after gathering is the same offer plus candidates.
        let final = try BrowserFixtures.sdp(name.replacingOccurrences(of: ".createOffer", with: ""))
        #expect(offer.origin.sessionID == final.origin.sessionID)
        #expect(offer.iceUfrag(for: audio) == final.iceUfrag(for: final.media[0]))
        #expect(offer.fingerprints(for: audio) == final.fingerprints(for: final.media[0]))
        #expect(!final.media[0].candidates.isEmpty)
    }

    @Test("Chromium audio+video offer: BUNDLE 0 1, all Chromium video codecs, candidates per section")
    func chromeAudioVideo() throws {
        let offer = try BrowserFixtures.sdp("chrome156-offer-audio-video-recv.sdp")
        #expect(offer.bundleGroup?.identificationTags == ["0", "1"])
        #expect(offer.media.map(\.kind) == [.audio, .video])
        #expect(offer.media.map { offer.direction(for: $0) } == [.sendrecv, .recvonly])
        let video = offer.media[1]
        let names = video.rtpMaps.map(\.encodingName)
        #expect(video.formats.count == 34)
        #expect(names.count == 34)
        #expect(names.filter { $0 == "VP8" }.count == 1)
        #expect(names.filter { $0 == "VP9" }.count == 4)
        #expect(names.filter { $0 == "H264" }.count == 8)
        #expect(names.filter { $0 == "AV1" }.count == 2)
        #expect(names.filter { $0 == "rtx" }.count == 16)
        #expect(Set(names.filter { !["VP8", "VP9", "H264", "AV1", "rtx"].contains($0) }) == ["red", "ulpfec", "flexfec-03"])
        #expect(!names.contains("H265"))
        #expect(offer.media[0].port != video.port)
        #expect(offer.media.map { $0.candidates.first?.port } == offer.media.map(\.port))
    }

    @Test("legacy no-track offers are recvonly for audio and video", arguments: [
        "chrome156-offer-recv-legacy-notrack.sdp", "firefox153-offer-recv-legacy-notrack.sdp",
    ])
    func legacyNoTrack(name: String) throws {
        let offer = try BrowserFixtures.sdp(name)
        #expect(offer.media.map(\.kind) == [.audio, .video])
        #expect(offer.media.map { offer.direction(for: $0) } == [.recvonly, .recvonly])
        #expect(offer.bundleGroup?.identificationTags == ["0", "1"])
        #expect(offer.media[0].ssrcAttributes.allSatisfy { $0.attribute == "cname" })
    }

    @Test("Firefox audio offer: Opus 109, telephone-event/8000 at 101, RTCP candidates, end-of-candidates")
    func firefoxAudio() throws {
        let offer = try BrowserFixtures.sdp("firefox153-offer-audio.sdp")
        let audio = offer.media[0]
        #expect(offer.bundleGroup?.identificationTags == ["0"])
        #expect(audio.setup == .actpass)
        #expect(audio.rtpMaps.first(where: \.isOpus)?.payloadType == 109)
        #expect(audio.formatParameters(for: 109)?["stereo"] == "1")
        #expect(audio.formatParameters(for: 109)?["maxplaybackrate"] == "48000")
        #expect(audio.rtpMaps.filter(\.isTelephoneEvent) == [RTPMap(payloadType: 101, encodingName: "telephone-event", clockRate: 8000)])
        let candidates = audio.candidates
        #expect(candidates.count == 8)
        #expect(candidates.filter { $0.componentID == 2 }.count == 4)
        #expect(Set(candidates.map(\.address)) == ["10.99.0.1", "::1"])
        #expect(candidates.filter { $0.transport == .tcp }.allSatisfy { $0.port == 9 && $0.tcpType == .active })
        #expect(audio.rtcp?.port == candidates.first { $0.componentID == 2 && $0.address == "10.99.0.1" && $0.transport == .udp }?.port)
        #expect(audio.endOfCandidates)
    }

    @Test("Firefox audio+video offer gathers separate candidates per section, RTCP included")
    func firefoxAudioVideo() throws {
        let offer = try BrowserFixtures.sdp("firefox153-offer-audio-video-recv.sdp")
        #expect(offer.media.map(\.kind) == [.audio, .video])
        #expect(offer.media.map { offer.direction(for: $0) } == [.sendrecv, .recvonly])
        #expect(offer.media.map { $0.candidates.count } == [8, 8])
        #expect(offer.media.map { $0.candidates.filter { $0.componentID == 2 }.count } == [4, 4])
        #expect(Set(offer.media[0].candidates.map(\.port)).isDisjoint(with: Set(offer.media[1].candidates.filter { $0.port != 9 }.map(\.port))))
    }

    @Test("Chromium mDNS offer: one UDP <uuid>.local candidate, priority 2113937151, network-cost 999")
    func chromeMDNS() throws {
        let offer = try BrowserFixtures.sdp("chrome156-offer-audio-mdns.sdp")
        let audio = offer.media[0]
        #expect(audio.port == 9)
        #expect(audio.connection == .placeholder)
        let candidate = try #require(audio.candidates.first)
        #expect(audio.candidates.count == 1)
        #expect(candidate.address == "6bff008d-7c7a-475c-8e3c-412ce2f5a449.local")
        #expect(candidate.isMDNSHostname)
        #expect(candidate.transport == .udp)
        #expect(candidate.priority == 2_113_937_151)
        #expect(candidate.networkCost == 999)
        #expect(candidate.networkID == nil)
    }

    @Test("Firefox mDNS offer: UDP and TCP-active, components 1 and 2, one .local name")
    func firefoxMDNS() throws {
        let offer = try BrowserFixtures.sdp("firefox153-offer-audio-mdns.sdp")
        let candidates = offer.media[0].candidates
        #expect(candidates.count == 4)
        #expect(Set(candidates.map(\.address)) == ["da451a4e-0a6f-494d-b7df-67bee45cb924.local"])
        #expect(candidates.allSatisfy { $0.isMDNSHostname })
        #expect(Set(candidates.map(\.componentID)) == [1, 2])
        #expect(Set(candidates.map(\.transport)) == [.udp, .tcp])
        #expect(offer.media[0].port == 9)
    }

    @Test("every offer says actpass and has sha-256 fingerprint and ICE credentials", arguments: BrowserFixtures.offers)
    func offerInvariants(name: String) throws {
        let offer = try BrowserFixtures.sdp(name)
        for section in offer.media {
            #expect(offer.setupValue(for: section) == "actpass")
            #expect(offer.fingerprints(for: section).first?.isValidSHA256 == true)
            #expect((offer.iceUfrag(for: section)?.count ?? 0) >= 4)
            #expect((offer.icePwd(for: section)?.count ?? 0) >= 22)
            #expect(section.rtcpMux)
            #expect(section.mid != nil)
        }
    }
}
