/// Bounds-checked big-endian reading for RTP and RTCP. Every length in these headers comes from
/// the network, so a read past the end answers nil instead of trapping.
struct RTPByteReader {
    private let bytes: [UInt8]
    private let end: Int
    private(set) var offset: Int

    /// Reads `bytes[range]`; a range outside the array is narrowed to the part inside it.
    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        let range = range ?? 0..<bytes.count
        end = min(max(range.upperBound, 0), bytes.count)
        offset = min(max(range.lowerBound, 0), end)
    }

    var remaining: Int { end - offset }

    mutating func readUInt8() -> UInt8? {
        guard remaining >= 1 else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt16() -> UInt16? {
        guard remaining >= 2 else { return nil }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func readUInt32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    mutating func readBytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, count <= remaining else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, count <= remaining else { return false }
        offset += count
        return true
    }

    /// Everything left, consuming it.
    mutating func readRest() -> [UInt8] {
        readBytes(remaining) ?? []
    }
}

/// Big-endian writing for the RTP and RTCP serialisers.
enum RTPWire {
    static func append(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Rounds a non-negative finite value to the nearest integer, clamped to `0...limit`; 0 for
    /// NaN or negative values. Integer conversion instead of `Double.rounded()`, which calls libm,
    /// and on Linux an executable that links only ParleyRTC (a fuzzer) does not get libm.
    static func roundedCount(_ value: Double, limit: UInt64) -> UInt64 {
        guard value > 0 else { return 0 }
        guard value < Double(limit) else { return limit }
        return UInt64(value + 0.5)
    }

    /// RTP and RTCP carry version 2 in the top two bits of the first octet (RFC 3550 §5.1, §6.4.1).
    static let version: UInt8 = 2
}
