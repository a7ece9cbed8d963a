import Foundation
import Testing
@testable import ParleyRTC

/// Helpers shared by the STUN tests. Names carry a STUN prefix because the test target is
/// shared with other ParleyRTC suites.
enum STUNTestData {
    struct HexError: Error, CustomStringConvertible {
        let description: String
    }

    /// Hex digits with any whitespace between them, as RFC listings print bytes.
    static func bytes(hex text: String) throws -> [UInt8] {
        let digits = text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }
        guard digits.count % 2 == 0 else { throw HexError(description: "odd number of hex digits") }
        var bytes: [UInt8] = []
        var iterator = digits.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let byte = UInt8(String(high) + String(low), radix: 16) else {
                throw HexError(description: "not hex: \(high)\(low)")
            }
            bytes.append(byte)
        }
        return bytes
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// A fixture under Tests/ParleyRTCTests/Fixtures/stun/.
    static func fixture(_ name: String, extension fileExtension: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/stun/\(name)", withExtension: fileExtension))
        return try String(contentsOf: url, encoding: .utf8)
    }
}

/// The STUN datagrams of a browser call capture, as stored by the fixture files
/// (`peer NAME ADDRESS ufrag=U pwd=P` and `datagram FRAME SRC DST HEX` lines).
struct STUNCaptureFixture {
    struct Peer {
        let name: String
        let address: TransportAddress
        let ufrag: String
        let password: String
    }

    struct Datagram {
        let frame: Int
        let source: TransportAddress
        let destination: TransportAddress
        let bytes: [UInt8]
    }

    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    let peers: [Peer]
    let datagrams: [Datagram]

    static let names = ["firefox-chrome-call-stun", "chrome-firefox-call-stun"]

    static func load(_ name: String) throws -> STUNCaptureFixture {
        var peers: [Peer] = []
        var datagrams: [Datagram] = []
        for line in try STUNTestData.fixture(name, extension: "hex").split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            switch fields.first {
            case "peer":
                guard fields.count == 5, let address = TransportAddress(fields[2]),
                      fields[3].hasPrefix("ufrag="), fields[4].hasPrefix("pwd=")
                else { throw FormatError(description: "bad peer line: \(line)") }
                peers.append(Peer(name: fields[1], address: address,
                                  ufrag: String(fields[3].dropFirst(6)), password: String(fields[4].dropFirst(4))))
            case "datagram":
                guard fields.count == 5, let frame = Int(fields[1]),
                      let source = TransportAddress(fields[2]), let destination = TransportAddress(fields[3])
                else { throw FormatError(description: "bad datagram line: \(line)") }
                datagrams.append(Datagram(frame: frame, source: source, destination: destination,
                                          bytes: try STUNTestData.bytes(hex: fields[4])))
            default:
                continue
            }
        }
        return STUNCaptureFixture(peers: peers, datagrams: datagrams)
    }

    func peer(at address: TransportAddress) -> Peer? {
        peers.first { $0.address == address }
    }
}

/// RFC 5769 §2, typed in from the RFC text. The vectors pad with spaces (0x20) except §2.4,
/// which pads with zeros.
enum RFC5769 {
    static let sampleRequest = """
        00 01 00 58  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae
        80 22 00 10  53 54 55 4e  20 74 65 73  74 20 63 6c  69 65 6e 74
        00 24 00 04  6e 00 01 ff
        80 29 00 08  93 2f f9 b1  51 26 3b 36
        00 06 00 09  65 76 74 6a  3a 68 36 76  59 20 20 20
        00 08 00 14  9a ea a7 0c  bf d8 cb 56  78 1e f2 b5  b2 d3 f2 49  c1 b5 71 a2
        80 28 00 04  e5 7a 3b cf
        """

    static let ipv4Response = """
        01 01 00 3c  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae
        80 22 00 0b  74 65 73 74  20 76 65 63  74 6f 72 20
        00 20 00 08  00 01 a1 47  e1 12 a6 43
        00 08 00 14  2b 91 f5 99  fd 9e 90 c3  8c 74 89 f9  2a f9 ba 53  f0 6b e7 d7
        80 28 00 04  c0 7d 4c 96
        """

    static let ipv6Response = """
        01 01 00 48  21 12 a4 42  b7 e7 a7 01  bc 34 d6 86  fa 87 df ae
        80 22 00 0b  74 65 73 74  20 76 65 63  74 6f 72 20
        00 20 00 14  00 02 a1 47  01 13 a9 fa  a5 d3 f1 79  bc 25 f4 b5  be d2 b9 d9
        00 08 00 14  a3 82 95 4e  4b e6 7b f1  17 84 c9 7c  82 92 c2 75  bf e3 ed 41
        80 28 00 04  c8 fb 0b 4c
        """

    static let longTermRequest = """
        00 01 00 60  21 12 a4 42  78 ad 34 33  c6 ad 72 c0  29 da 41 2e
        00 06 00 12  e3 83 9e e3  83 88 e3 83  aa e3 83 83  e3 82 af e3  82 b9 00 00
        00 15 00 1c  66 2f 2f 34  39 39 6b 39  35 34 64 36  4f 4c 33 34  6f 4c 39 46
                     53 54 76 79  36 34 73 41
        00 14 00 0b  65 78 61 6d  70 6c 65 2e  6f 72 67 00
        00 08 00 14  f6 70 24 65  6d d6 4a 3e  02 b8 e0 71  2e 85 c9 a2  8c a8 96 66
        """

    /// §2.1–2.3 short-term password.
    static let password = "VOkJxbRl1RmTxUk/WvJxBt"

    /// All four, for tests that only need valid messages to start from.
    static func all() throws -> [[UInt8]] {
        try [sampleRequest, ipv4Response, ipv6Response, longTermRequest].map { try STUNTestData.bytes(hex: $0) }
    }
}
