/// Random identifiers for SDP: CNAME (RFC 7022 §4.2 asks for at least 96 random bits) and the
/// msid stream and track ids, which browsers make UUIDs.
extension PeerConnection {
    private static let tokenAlphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// 16 characters of 6 bits each: 96 bits.
    static func randomToken(length: Int, using generator: inout ICERandom) -> String {
        String(decoding: (0..<length).map { _ in tokenAlphabet[Int(generator.next() & 63)] }, as: UTF8.self)
    }

    /// A version 4 UUID (RFC 9562 §5.4) in lower case.
    static func randomUUID(using generator: inout ICERandom) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<2 {
            let word = generator.next()
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        var text: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// A second stream from one generator for the ICE agent, which keeps its own copy: a
/// seeded (value-type) generator copied as-is would hand both the same numbers. Each draw of
/// the base is XORed with a key and passed through the SplitMix64 finaliser, a bijection, so a
/// system generator's draws stay uniformly random.
struct DerivedRandom: RandomNumberGenerator, Sendable {
    private var base: ICERandom
    private let key: UInt64

    init(base: ICERandom, key: UInt64) {
        self.base = base
        self.key = key
    }

    mutating func next() -> UInt64 {
        var z = base.next() ^ key
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
