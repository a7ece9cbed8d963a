/// A 64-bit NTP timestamp (RFC 3550 §4, RFC 5905 §6): seconds since 1 January 1900 and a binary
/// fraction of a second. Sender reports carry it; report blocks echo its middle 32 bits.
public struct NTPTimestamp: Sendable, Hashable, Comparable {
    /// Seconds from 1900-01-01 to 1970-01-01.
    public static let unixEpochOffset: UInt32 = 2_208_988_800

    public var seconds: UInt32
    public var fraction: UInt32

    public init(seconds: UInt32, fraction: UInt32) {
        self.seconds = seconds
        self.fraction = fraction
    }

    public init(rawValue: UInt64) {
        self.init(seconds: UInt32(truncatingIfNeeded: rawValue >> 32), fraction: UInt32(truncatingIfNeeded: rawValue))
    }

    public var rawValue: UInt64 {
        UInt64(seconds) << 32 | UInt64(fraction)
    }

    /// From wall-clock seconds since 1970 (the caller reads the clock; this core does not).
    /// Times from 2036 on wrap into NTP era 1, as RFC 5905 §6 has them. Non-finite or absurd
    /// values give the zero timestamp rather than trapping.
    public init(unixTime: Double) {
        guard unixTime.isFinite, abs(unixTime) < 1e15 else {
            self.init(seconds: 0, fraction: 0)
            return
        }
        // Floor by integer conversion (which truncates towards zero), avoiding libm.
        var whole = Int64(unixTime)
        if Double(whole) > unixTime { whole -= 1 }
        let fraction = min(UInt64((unixTime - Double(whole)) * 4_294_967_296), 0xFFFF_FFFF)
        let seconds = whole + Int64(Self.unixEpochOffset)
        self.init(seconds: UInt32(truncatingIfNeeded: seconds), fraction: UInt32(fraction))
    }

    /// Seconds since 1970. A timestamp with the top bit clear is read as era 1 (2036–2104) and
    /// one with it set as era 0 (1968–2036), the rule of RFC 4330 §3.
    public var unixTime: Double {
        let era: Int64 = seconds & 0x8000_0000 == 0 ? 1 << 32 : 0
        let ntpSeconds = Int64(seconds) + era - Int64(Self.unixEpochOffset)
        return Double(ntpSeconds) + Double(fraction) / 4_294_967_296
    }

    /// "The middle 32 bits out of 64 in the NTP timestamp" (RFC 3550 §6.4.1): the LSR field of a
    /// report block, in units of 1/65536 second.
    public var middle32Bits: UInt32 {
        UInt32(truncatingIfNeeded: rawValue >> 16)
    }

    public static func < (lhs: NTPTimestamp, rhs: NTPTimestamp) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
