import Testing
@testable import ParleyRTC

/// Real SRTP/SRTCP datagrams between Chromium 156 and Firefox 153, both offer directions
/// (Fixtures/rtp/*.hex, from shared/fixtures/*.pcap). Headers are in clear; payloads are
/// encrypted, so payload bytes are only checked for length.
@Suite("RTP and RTCP from real browsers")
struct RTPBrowserCaptureTests {
    @Test("RFC 7983/5761 demultiplexing agrees with where each datagram's SSRC sits", arguments: RTPCaptureFixture.names)
    func demultiplexing(fixture name: String) throws {
        let fixture = try RTPCaptureFixture.load(name)
        var kinds: [RTCPMux.PacketKind: Int] = [:]
        for datagram in fixture.datagrams {
            let sender = try #require(fixture.peer(port: datagram.sourcePort))
            let kind = try #require(RTCPMux.classify(datagram.bytes))
            kinds[kind, default: 0] += 1
            // Independent of the classifier: an RTP packet has the sender's SSRC at octet 8, an
            // RTCP packet (also under SRTCP) at octet 4.
            let ssrcOffset = kind == .rtp ? 8 : 4
            let ssrc = datagram.bytes[ssrcOffset..<ssrcOffset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(ssrc == sender.ssrc, "frame \(datagram.frame) classified \(kind)")
        }
        #expect(kinds[.rtp, default: 0] >= 100)
        #expect(kinds[.rtcp, default: 0] >= 20)
        #expect(RTCPMux.classify([0x00, 0x01]) == nil, "STUN")
        #expect(RTCPMux.classify([0x16, 0xFE]) == nil, "DTLS")
        #expect(RTCPMux.classify([0x80]) == nil, "one octet")
    }

    @Test("every captured RTP packet parses with the SDP's SSRC, Opus payload type and extmap IDs",
          arguments: RTPCaptureFixture.names)
    func rtpHeaders(fixture name: String) throws {
        let fixture = try RTPCaptureFixture.load(name)
        var lastSequence: [UInt32: UInt16] = [:]
        var count = 0
        for datagram in fixture.datagrams where RTCPMux.classify(datagram.bytes) == .rtp {
            let sender = try #require(fixture.peer(port: datagram.sourcePort))
            // SRTP puts the padding count inside the encrypted payload, so parse padded packets
            // with the P bit cleared; their padding is checked in the next test.
            var bytes = datagram.bytes
            bytes[0] &= ~0x20
            let packet = try RTPPacket(parsing: bytes)
            #expect(packet.ssrc == sender.ssrc)
            #expect(packet.payloadType == sender.opusPayloadType)
            #expect(packet.csrcs.isEmpty)
            let ext = try #require(packet.headerExtension)
            #expect(ext.profile == RTPHeaderExtension.oneByteProfile)
            let elements = try #require(ext.elements, "frame \(datagram.frame)")
            #expect(!elements.isEmpty)
            for element in elements {
                #expect(sender.extensionIDs[element.id] != nil, "frame \(datagram.frame): ID \(element.id) not in extmap")
            }
            let midID = try #require(sender.extensionIDs.first { $0.value == "sdes:mid" }?.key)
            if let mid = ext.element(id: midID) { #expect(mid == Array("0".utf8)) }
            if let last = lastSequence[packet.ssrc] { #expect(packet.sequenceNumber == last &+ 1) }
            lastSequence[packet.ssrc] = packet.sequenceNumber
            #expect(packet.payload.count > fixture.rtpTrailer)
            // Unpadded packets serialise back to the captured octets.
            if datagram.bytes[0] & 0x20 == 0 { #expect(packet.serialized() == datagram.bytes) }
            count += 1
        }
        #expect(count >= 100)
        #expect(lastSequence.count == 2, "both browsers sent")
    }

    @Test("Chromium's padded packets, decrypted, are padding-only probes with an empty payload",
          arguments: RTPCaptureFixture.names)
    func chromiumProbes(fixture name: String) throws {
        let fixture = try RTPCaptureFixture.load(name)
        let chromium = try #require(fixture.peers.first { $0.name == "chromium" })
        var probes = 0
        var previousTimestamp: UInt32?
        for datagram in fixture.datagrams where datagram.sourcePort == chromium.port && RTCPMux.classify(datagram.bytes) == .rtp {
            var clear = datagram.bytes
            clear[0] &= ~0x20
            let header = try RTPPacket(parsing: clear)
            defer { previousTimestamp = header.timestamp }
            guard datagram.bytes[0] & 0x20 != 0 else { continue }
            // What libsrtp would hand over after unprotecting: the header, then the payload with
            // the tag removed, whose last octet counts the padding. Chromium's probe payloads are
            // 50 to 255 octets: they fit one padding count, which covers all of them.
            let payloadLength = header.payload.count - fixture.rtpTrailer
            #expect((1...255).contains(payloadLength))
            let headerLength = datagram.bytes.count - header.payload.count
            let decrypted = Array(datagram.bytes.prefix(headerLength))
                + [UInt8](repeating: 0, count: payloadLength - 1) + [UInt8(payloadLength)]
            let probe = try RTPPacket(parsing: decrypted)
            #expect(probe.isPaddingOnly)
            #expect(probe.payload.isEmpty)
            #expect(probe.ssrc == chromium.ssrc)
            // They repeat the previous packet's timestamp: no new audio.
            #expect(probe.timestamp == previousTimestamp)
            probes += 1
        }
        #expect(probes >= 15)
        let others = fixture.datagrams.filter { $0.sourcePort != chromium.port && RTCPMux.classify($0.bytes) == .rtp }
        #expect(!others.isEmpty)
        #expect(others.allSatisfy { $0.bytes[0] & 0x20 == 0 }, "Firefox sends no padding")
    }

    @Test("the clear first RTCP header of every SRTCP datagram is a well-formed RTCP header",
          arguments: RTPCaptureFixture.names)
    func rtcpHeaders(fixture name: String) throws {
        let fixture = try RTPCaptureFixture.load(name)
        var types: Set<RTCPPacketType> = []
        for datagram in fixture.datagrams where RTCPMux.classify(datagram.bytes) == .rtcp {
            let bytes = datagram.bytes
            #expect(bytes[0] >> 6 == 2)
            let type = RTCPPacketType(rawValue: bytes[1])
            types.insert(type)
            let length = ((Int(bytes[2]) << 8 | Int(bytes[3])) + 1) * 4
            #expect(length <= bytes.count - fixture.rtcpTrailer, "frame \(datagram.frame)")
            if type == .transportLayerFeedback { #expect(bytes[0] & 0x1F == 15, "transport-cc") }
            // A compound that is only this packet, rebuilt with a zero body, parses as its type.
            if bytes[0] & 0x20 == 0, length == bytes.count - fixture.rtcpTrailer {
                let rebuilt = Array(bytes.prefix(8)) + [UInt8](repeating: 0, count: length - 8)
                let compound = try RTCPCompoundPacket(parsing: rebuilt)
                #expect(compound.packets.map(\.packetType) == [type])
            }
        }
        #expect(types.isSuperset(of: [.senderReport, .receiverReport, .transportLayerFeedback]))
    }

    @Test("receive statistics over a captured stream: nothing lost, as the browsers' getStats said",
          arguments: RTPCaptureFixture.names)
    func receiveStatistics(fixture name: String) throws {
        let fixture = try RTPCaptureFixture.load(name)
        for peer in fixture.peers {
            var statistics = RTPReceiveStatistics(ssrc: peer.ssrc)
            var packets = 0
            for datagram in fixture.datagrams where datagram.sourcePort == peer.port && RTCPMux.classify(datagram.bytes) == .rtp {
                var bytes = datagram.bytes
                bytes[0] &= ~0x20
                statistics.received(try RTPPacket(parsing: bytes), arrival: datagram.time)
                packets += 1
            }
            let block = try statistics.requireReportBlock(now: 3)
            #expect(block.cumulativeLost == 0)
            #expect(block.fractionLost == 0)
            // Probation swallows the first packet.
            #expect(statistics.packetsReceived == Int64(packets - 1))
            // Loopback: jitter stays well under 20 ms (960 ticks).
            #expect(block.interarrivalJitter < 960)
        }
    }
}
