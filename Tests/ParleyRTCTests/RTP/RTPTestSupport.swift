import Foundation
import Testing
@testable import ParleyRTC

enum RTPTestHex {
    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    /// Hex digits, whitespace between them allowed.
    static func bytes(_ text: String) throws -> [UInt8] {
        let digits = Array(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) })
        guard digits.count % 2 == 0 else { throw FormatError(description: "odd number of hex digits") }
        return try stride(from: 0, to: digits.count, by: 2).map { index in
            let pair = String(String.UnicodeScalarView(digits[index...index + 1]))
            guard let byte = UInt8(pair, radix: 16) else { throw FormatError(description: "not hex: \(pair)") }
            return byte
        }
    }
}

/// The RTP and RTCP datagrams of a captured browser call (Tests/ParleyRTCTests/Fixtures/rtp/, taken
/// from shared/fixtures/*.pcap): `srtp`, `peer` and `datagram` lines.
struct RTPCaptureFixture {
    struct Peer {
        let name: String
        let port: UInt16
        let ssrc: UInt32
        let opusPayloadType: UInt8
        /// extmap ID → short name, from the SDP.
        let extensionIDs: [UInt8: String]
    }

    struct Datagram {
        let frame: Int
        /// Seconds since the first packet of the capture.
        let time: Double
        let sourcePort: UInt16
        let destinationPort: UInt16
        let bytes: [UInt8]
    }

    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    static let names = ["firefox-chrome-call-rtp", "chrome-firefox-call-rtp"]

    let profile: String
    /// Octets SRTP appends after the RTP payload (the authentication tag).
    let rtpTrailer: Int
    /// Octets SRTCP appends after the compound packet (tag and E flag + index).
    let rtcpTrailer: Int
    let peers: [Peer]
    let datagrams: [Datagram]

    func peer(port: UInt16) -> Peer? {
        peers.first { $0.port == port }
    }

    static func load(_ name: String) throws -> RTPCaptureFixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/rtp/\(name)", withExtension: "hex"))
        let text = try String(contentsOf: url, encoding: .utf8)
        var profile = ""
        var rtpTrailer = 0
        var rtcpTrailer = 0
        var peers: [Peer] = []
        var datagrams: [Datagram] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ").map(String.init)
            switch fields.first {
            case "srtp":
                guard fields.count == 4 else { throw FormatError(description: "bad srtp line: \(line)") }
                profile = fields[1]
                rtpTrailer = try number(fields[2], key: "rtp-trailer")
                rtcpTrailer = try number(fields[3], key: "rtcp-trailer")
            case "peer":
                guard fields.count == 7, let port = UInt16(fields[3]) else { throw FormatError(description: "bad peer line: \(line)") }
                var extensionIDs: [UInt8: String] = [:]
                for entry in try value(fields[6], key: "extmap").split(separator: ",") {
                    let parts = entry.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, let id = UInt8(parts[0]) else { throw FormatError(description: "bad extmap: \(entry)") }
                    extensionIDs[id] = String(parts[1])
                }
                peers.append(Peer(name: fields[1], port: port, ssrc: try number(fields[4], key: "ssrc"),
                                  opusPayloadType: try number(fields[5], key: "opus"), extensionIDs: extensionIDs))
            case "datagram":
                guard fields.count == 6, let frame = Int(fields[1]), let micros = Int(fields[2]),
                      let source = UInt16(fields[3]), let destination = UInt16(fields[4])
                else { throw FormatError(description: "bad datagram line: \(line)") }
                datagrams.append(Datagram(frame: frame, time: Double(micros) / 1e6, sourcePort: source,
                                          destinationPort: destination, bytes: try RTPTestHex.bytes(fields[5])))
            default:
                throw FormatError(description: "unknown line: \(line)")
            }
        }
        return RTPCaptureFixture(profile: profile, rtpTrailer: rtpTrailer, rtcpTrailer: rtcpTrailer,
                                 peers: peers, datagrams: datagrams)
    }

    private static func value(_ field: String, key: String) throws -> String {
        guard field.hasPrefix(key + "=") else { throw FormatError(description: "expected \(key)=: \(field)") }
        return String(field.dropFirst(key.count + 1))
    }

    private static func number<T: FixedWidthInteger>(_ field: String, key: String) throws -> T {
        guard let number = T(try value(field, key: key)) else { throw FormatError(description: "not a number: \(field)") }
        return number
    }
}

extension RTPReceiveStatistics {
    /// `makeReportBlock(now:)` for tests, failing when there is none (`#require` cannot wrap a
    /// mutating call).
    mutating func requireReportBlock(now: Double) throws -> RTCPReportBlock {
        let block = makeReportBlock(now: now)
        return try #require(block)
    }
}
