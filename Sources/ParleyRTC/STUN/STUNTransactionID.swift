/// The 96-bit transaction ID (RFC 8489 §6) that ties a response to its request.
public struct STUNTransactionID: Hashable, Sendable {
    // Two integers rather than an array: the type can never hold a wrong number of bytes.
    private let high: UInt32
    private let low: UInt64

    /// Exactly 12 bytes, else nil.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 12 else { return nil }
        high = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        low = bytes[4..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// RFC 8489 §6 wants the ID uniformly random; the generator is a parameter so tests and the
    /// sans-IO core can be deterministic.
    public static func random(using generator: inout some RandomNumberGenerator) -> STUNTransactionID {
        STUNTransactionID(high: generator.next(), low: generator.next())
    }

    public static func random() -> STUNTransactionID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    private init(high: UInt32, low: UInt64) {
        self.high = high
        self.low = low
    }

    public var bytes: [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: high >> (24 - 8 * UInt32($0))) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
    }
}

extension STUNTransactionID: CustomStringConvertible {
    public var description: String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
