import Foundation
import ParleyRTC
import Testing

@Suite("SDP parsing and serialisation (RFC 8866)")
struct SDPParsingTests {
    @Test("every captured file is present in the test bundle")
    func fixturesPresent() throws {
        // Other layers may add their own captures to the directory.
        let listed = Set(try BrowserFixtures.listed())
        let expected = Set(BrowserFixtures.allSDP + BrowserFixtures.candidateFiles)
        #expect(expected.isSubset(of: listed), "missing: \(expected.subtracting(listed).sorted())")
        #expect(try BrowserFixtures.allSDP.allSatisfy { try BrowserFixtures.text($0).hasSuffix("\r\n") })
    }

    @Test("browser SDP serialises back byte for byte", arguments: BrowserFixtures.allSDP)
    func byteExactRoundTrip(name: String) throws {
        let text = try BrowserFixtures.text(name)
        let parsed = try SessionDescription(parsing: text)
        #expect(parsed.serialized() == text)
        #expect(try SessionDescription(parsing: parsed.serialized()) == parsed)
    }

    @Test("LF-only line ends parse to the same description", arguments: BrowserFixtures.allSDP)
    func bareLineFeeds(name: String) throws {
        let text = try BrowserFixtures.text(name)
        let lf = text.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(!lf.contains("\r"))
        #expect(try SessionDescription(parsing: lf) == SessionDescription(parsing: text))
    }

    @Test("session and media structure of Chromium's offer")
    func chromeStructure() throws {
        let offer = try BrowserFixtures.sdp("chrome156-offer-audio.sdp")
        #expect(offer.version == 0)
        #expect(offer.origin.username == "-")
        #expect(offer.origin.sessionID == "8068585532846375107")
        #expect(offer.origin.sessionVersion == "2")
        #expect(offer.origin.unicastAddress == "127.0.0.1")
        #expect(offer.sessionName == "-")
        #expect(offer.timing == [SDPTiming(startTime: 0, stopTime: 0)])
        #expect(offer.attributes.map(\.name) == ["group", "extmap-allow-mixed", "msid-semantic"])
        // Chromium writes a space after the colon here; the value is kept as written.
        #expect(offer.firstValue(of: "msid-semantic") == " WMS ec722376-932c-46bb-ae7f-c1f7ee73a273")
        #expect(offer.media.count == 1)
        let audio = try #require(offer.media.first)
        #expect(audio.kind == .audio)
        #expect(audio.port == 48258)
        #expect(audio.proto == "UDP/TLS/RTP/SAVPF")
        #expect(audio.formats == ["111", "63", "9", "0", "8", "13", "110", "126"])
        #expect(audio.connection == SDPConnection(address: "127.0.0.1"))
        #expect(audio.attributes.first == SDPAttribute(name: "rtcp", value: "9 IN IP4 0.0.0.0"))
        #expect(audio.attributes.count == 31)
    }

    @Test("Firefox puts sendrecv, fingerprint, ice-options and BUNDLE at session level")
    func firefoxSessionLevel() throws {
        let offer = try BrowserFixtures.sdp("firefox153-offer-audio.sdp")
        #expect(offer.origin.username == "mozilla...THIS_IS_SDPARTA-99.0")
        #expect(offer.origin.unicastAddress == "0.0.0.0")
        #expect(offer.attributes.map(\.name) == ["sendrecv", "fingerprint", "group", "ice-options", "msid-semantic"])
        #expect(offer.direction == .sendrecv)
        #expect(offer.fingerprints.map(\.hashFunction) == ["sha-256"])
        #expect(offer.iceOptions == ["trickle"])
        let audio = try #require(offer.media.first)
        #expect(audio.fingerprints.isEmpty)
        #expect(offer.fingerprints(for: audio) == offer.fingerprints)
        #expect(audio.iceOptions.isEmpty)
        #expect(offer.iceOptions(for: audio) == ["trickle"])
    }

    @Test("Firefox mDNS offer: FQDN in a=rtcp's IP4 field, port 9, c=0.0.0.0")
    func firefoxRTCPFQDN() throws {
        let offer = try BrowserFixtures.sdp("firefox153-offer-audio-mdns.sdp")
        let audio = try #require(offer.media.first)
        #expect(audio.port == 9)
        #expect(audio.connection == SDPConnection.placeholder)
        let rtcp = try #require(audio.rtcp)
        #expect(rtcp.port == 57282)
        #expect(rtcp.connection?.addressType == "IP4")
        #expect(rtcp.connection?.address == "da451a4e-0a6f-494d-b7df-67bee45cb924.local")
        #expect(audio.firstValue(of: "rtcp") == "57282 IN IP4 da451a4e-0a6f-494d-b7df-67bee45cb924.local")
        #expect(audio.msids == [MediaStreamID(streamID: "-", trackID: "{4154c335-aaec-4738-85f5-80f2bdfa90c7}")])
    }

    @Test("typed attributes of Chromium's audio section")
    func chromeTypedAttributes() throws {
        let audio = try #require(BrowserFixtures.sdp("chrome156-offer-audio.sdp").media.first)
        #expect(audio.iceUfrag == "Pgmi")
        #expect(audio.icePwd == "/7XCpIBsflNLWeJsrwGED483")
        #expect(audio.iceOptions == ["trickle"])
        #expect(audio.setup == .actpass)
        #expect(audio.mid == "0")
        #expect(audio.direction == .sendrecv)
        #expect(audio.rtcpMux)
        #expect(audio.rtcpReducedSize)
        let fingerprint = try #require(audio.fingerprints.first)
        #expect(fingerprint.hashFunction == "sha-256")
        #expect(fingerprint.bytes.count == 32)
        #expect(fingerprint.bytes.first == 0xB8 && fingerprint.bytes.last == 0x97)
        #expect(fingerprint.hexDigest == "B8:5E:D5:28:E7:F5:2F:1F:EA:8A:DD:18:CA:69:F3:5E:DC:9A:1D:88:B5:11:EB:9B:81:36:AB:45:53:27:3F:97")
        #expect(audio.msids == [MediaStreamID(streamID: "ec722376-932c-46bb-ae7f-c1f7ee73a273", trackID: "74ed493d-1495-44f1-bd4e-338b5bc96cce")])
        #expect(audio.ssrcAttributes == [
            SSRCAttribute(ssrc: 3_252_889_919, attribute: "cname", value: "SABbNkmNn4Zq2eyD"),
            SSRCAttribute(ssrc: 3_252_889_919, attribute: "msid", value: "ec722376-932c-46bb-ae7f-c1f7ee73a273 74ed493d-1495-44f1-bd4e-338b5bc96cce"),
        ])
        #expect(audio.ssrcs == [3_252_889_919])
        #expect(audio.rtpMap(for: 111) == RTPMap(payloadType: 111, encodingName: "opus", clockRate: 48000, channels: 2))
        #expect(audio.rtpMap(for: 9) == RTPMap(payloadType: 9, encodingName: "G722", clockRate: 8000))
        #expect(audio.rtpMaps.map(\.encodingName) == ["opus", "red", "G722", "PCMU", "PCMA", "CN", "telephone-event", "telephone-event"])
        let opus = try #require(audio.formatParameters(for: 111))
        #expect(opus["minptime"] == "10")
        #expect(opus["useinbandfec"] == "1")
        #expect(opus["stereo"] == nil)
        #expect(audio.formatParameters(for: 63)?.parameters == [FormatParameters.Parameter(name: "111/111")])
        #expect(audio.rtcpFeedback == [RTCPFeedback(payloadType: 111, type: "transport-cc")])
        #expect(audio.extMaps.map(\.id) == [1, 2, 3, 4])
        #expect(audio.extMaps.last?.uri == "urn:ietf:params:rtp-hdrext:sdes:mid")
        #expect(!audio.endOfCandidates)
    }

    @Test("typed attributes of Firefox's audio and video sections")
    func firefoxTypedAttributes() throws {
        let offer = try BrowserFixtures.sdp("firefox153-offer-audio-video-recv.sdp")
        let audio = offer.media[0]
        #expect(audio.formatParameters(for: 109)?.parameters == [
            .init(name: "maxplaybackrate", value: "48000"),
            .init(name: "stereo", value: "1"),
            .init(name: "useinbandfec", value: "1"),
        ])
        #expect(audio.formatParameters(for: 101)?.parameters == [.init(name: "0-15")])
        #expect(audio.rtpMap(for: 9) == RTPMap(payloadType: 9, encodingName: "G722", clockRate: 8000, channels: 1))
        let video = offer.media[1]
        #expect(video.rtcpFeedback.filter { $0.payloadType == 120 }.map(\.attributeValue) == [
            "120 nack", "120 nack pli", "120 ccm fir", "120 goog-remb", "120 transport-cc",
        ])
        #expect(video.rtcpFeedback.first { $0.parameter != nil } == RTCPFeedback(payloadType: 120, type: "nack", parameter: "pli"))
        let extMaps = try BrowserFixtures.sdp("firefox153-offer-audio.sdp").media[0].extMaps
        #expect(extMaps.first { $0.id == 2 } == ExtMap(id: 2, direction: .recvonly, uri: "urn:ietf:params:rtp-hdrext:csrc-audio-level"))
    }

    @Test("unknown and repeated lines are kept, in RFC 8866 order")
    func unknownLinesKept() throws {
        let text = """
        v=0
        o=- 1 1 IN IP4 127.0.0.1
        s=-
        x=experimental
        i=session info
        c=IN IP4 0.0.0.0
        b=AS:64
        t=0 0
        a=custom-flag
        a=custom-empty:
        m=audio 9/2 UDP/TLS/RTP/SAVPF 111
        b=AS:32
        c=IN IP4 0.0.0.0
        c=IN IP4 192.0.2.1
        y=whatever
        a=rtpmap:111 opus/48000/2
        """
        let parsed = try SessionDescription(parsing: text)
        #expect(parsed.otherLines.map(\.text) == ["i=session info", "b=AS:64", "x=experimental"])
        #expect(parsed.connection == .placeholder)
        #expect(parsed.attributes == [SDPAttribute(name: "custom-flag"), SDPAttribute(name: "custom-empty", value: "")])
        let audio = try #require(parsed.media.first)
        #expect(audio.numberOfPorts == 2)
        #expect(audio.connection == .placeholder)
        #expect(audio.otherLines.map(\.text) == ["c=IN IP4 192.0.2.1", "b=AS:32", "y=whatever"])
        let serialized = parsed.serialized()
        #expect(serialized.hasPrefix("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\ni=session info\r\nc=IN IP4 0.0.0.0\r\nb=AS:64\r\nt=0 0\r\nx=experimental\r\na=custom-flag\r\na=custom-empty:\r\n"))
        #expect(serialized.hasSuffix("m=audio 9/2 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\nc=IN IP4 192.0.2.1\r\nb=AS:32\r\ny=whatever\r\na=rtpmap:111 opus/48000/2\r\n"))
        #expect(try SessionDescription(parsing: serialized) == parsed)
    }

    @Test("blank lines are skipped and t= may be missing")
    func tolerance() throws {
        let parsed = try SessionDescription(parsing: "\r\nv=0\r\n\r\no=- 1 1 IN IP4 x.local\r\ns=\r\nm=audio 0 RTP/AVP\r\n\n")
        #expect(parsed.timing.isEmpty)
        #expect(parsed.sessionName == "")
        #expect(parsed.origin.unicastAddress == "x.local")
        #expect(parsed.media.first?.formats == [])
        #expect(parsed.media.first?.isRejected == true)
    }

    @Test("structural errors are reported with the line")
    func structuralErrors() {
        #expect(throws: SDPError.missingLine(type: "v")) { try SessionDescription(parsing: "") }
        #expect(throws: SDPError.missingLine(type: "v")) { try SessionDescription(parsing: "o=- 1 1 IN IP4 0.0.0.0\r\nv=0\r\n") }
        #expect(throws: SDPError.unsupportedVersion("1")) { try SessionDescription(parsing: "v=1\r\n") }
        #expect(throws: SDPError.missingLine(type: "o")) { try SessionDescription(parsing: "v=0\r\ns=-\r\n") }
        #expect(throws: SDPError.missingLine(type: "s")) { try SessionDescription(parsing: "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n") }
        #expect(throws: SDPError.malformedLine(lineNumber: 2, line: "o=- 1 1 IN IP4", reason: "o= needs 6 fields")) {
            try SessionDescription(parsing: "v=0\r\no=- 1 1 IN IP4\r\ns=-\r\n")
        }
        #expect(throws: SDPError.malformedLine(lineNumber: 4, line: "m=audio 70000 RTP/AVP 0", reason: "m= needs <media> <port> <proto> <fmt>…")) {
            try SessionDescription(parsing: "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 70000 RTP/AVP 0\n")
        }
        #expect(throws: SDPError.malformedLine(lineNumber: 4, line: "garbage", reason: "not <type>=<value>")) {
            try SessionDescription(parsing: "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\ngarbage\n")
        }
        #expect(throws: SDPError.malformedLine(lineNumber: 4, line: "t=0 -1", reason: "t= needs <start> <stop>")) {
            try SessionDescription(parsing: "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 -1\n")
        }
    }

    @Test("malformed attribute values are skipped by typed accessors, kept raw")
    func malformedAttributeValues() throws {
        let text = SDPEdit.join([
            "v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=rtpmap:111 opus/48000/2", "a=rtpmap:300 opus/48000/2", "a=rtpmap:112 opus",
            "a=fingerprint:sha-256 ZZ:00", "a=fingerprint:sha-256 AB:C", "a=fingerprint:sha-1 ab:cd",
            "a=candidate:1 1 udp 5 10.0.0.1", "a=ssrc:-1 cname:x", "a=extmap:1/sideways urn:x",
            "a=rtcp:99999", "a=setup:sometimes",
        ])
        let audio = try #require(SessionDescription(parsing: text).media.first)
        #expect(audio.rtpMaps == [RTPMap(payloadType: 111, encodingName: "opus", clockRate: 48000, channels: 2)])
        #expect(audio.fingerprints == [SDPFingerprint(hashFunction: "sha-1", bytes: [0xAB, 0xCD])])
        #expect(audio.candidates.isEmpty)
        #expect(audio.ssrcAttributes.isEmpty)
        #expect(audio.extMaps.isEmpty)
        #expect(audio.rtcp == nil)
        #expect(audio.setup == nil)
        #expect(audio.setupValue == "sometimes")
        #expect(audio.values(of: "candidate") == ["1 1 udp 5 10.0.0.1"])
    }

    @Test("session-level direction is the default for media sections")
    func directionDefault() throws {
        let firefox = try BrowserFixtures.sdp("firefox153-offer-recv-legacy-notrack.sdp")
        #expect(firefox.direction == .sendrecv)
        #expect(firefox.media.map { firefox.direction(for: $0) } == [.recvonly, .recvonly])
        var stripped = firefox
        stripped.media[0].attributes.removeAll { $0.name == "recvonly" }
        #expect(stripped.direction(for: stripped.media[0]) == .sendrecv)
        stripped.attributes.removeAll { $0.name == "sendrecv" }
        stripped.attributes.append(SDPAttribute(name: "inactive"))
        #expect(stripped.direction(for: stripped.media[0]) == .inactive)
        let createOffer = try BrowserFixtures.sdp("firefox153-offer-audio.createOffer.sdp")
        #expect(createOffer.direction == nil)
        #expect(createOffer.direction(for: createOffer.media[0]) == .sendrecv)
    }

    @Test("fingerprints of other hash functions parse and report their name")
    func otherHashFunctions() throws {
        let sha512 = (0..<64).map { String(format: "%02X", $0) }.joined(separator: ":")
        let fingerprint = try #require(SDPFingerprint(attributeValue: "SHA-512 " + sha512))
        #expect(fingerprint.hashFunction == "sha-512")
        #expect(fingerprint.bytes == Array(0..<64))
        #expect(!fingerprint.isValidSHA256)
        #expect(SDPFingerprint.digestLength(of: fingerprint.hashFunction) == 64)
        #expect(SDPFingerprint(attributeValue: "sha-256 b8:5e") == SDPFingerprint(hashFunction: "sha-256", bytes: [0xB8, 0x5E]))
        #expect(SDPFingerprint(attributeValue: "sha-256") == nil)
        #expect(SDPFingerprint(attributeValue: "sha-256 B8::5E") == nil)
    }
}
