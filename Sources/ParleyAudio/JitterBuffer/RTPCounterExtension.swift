/// Extends RTP's 16-bit sequence numbers to a counter that does not wrap (RFC 3550 §A.1): a new
/// value is placed within half the counter range of the highest one seen so far.
struct ExtendedSequenceNumber {
    private var highest: Int64?

    mutating func extend(_ sequenceNumber: UInt16) -> Int64 {
        guard let highest else {
            highest = Int64(sequenceNumber)
            return Int64(sequenceNumber)
        }
        let delta = Int16(bitPattern: sequenceNumber &- UInt16(truncatingIfNeeded: highest))
        let extended = highest + Int64(delta)
        self.highest = max(highest, extended)
        return extended
    }
}

/// The same for 32-bit RTP timestamps, which wrap after about 25 hours at 48 kHz.
struct ExtendedTimestamp {
    private var highest: Int64?

    mutating func extend(_ timestamp: UInt32) -> Int64 {
        guard let highest else {
            highest = Int64(timestamp)
            return Int64(timestamp)
        }
        let delta = Int32(bitPattern: timestamp &- UInt32(truncatingIfNeeded: highest))
        let extended = highest + Int64(delta)
        self.highest = max(highest, extended)
        return extended
    }
}
