/// Measures how widely packets' arrival times scatter around what their RTP timestamps predict.
///
/// For each packet it keeps the transit time (arrival minus media time); over a window of recent
/// packets the spread between the fastest transit and a high percentile is the extra delay a
/// buffer needs so that nearly every packet is in time. A percentile rather than the maximum lets
/// a rare straggler be concealed instead of raising everyone's delay; RFC 3550's mean deviation
/// underestimates the tail of uniform or heavy-tailed jitter.
///
/// The jitter buffer asks for the spread on every 10 ms pull but a packet arrives only every
/// 20 ms, so the window is also kept in sorted order, updated by one removal and one insertion
/// per packet, and the spread read from it without sorting or allocating.
struct ArrivalJitterEstimator {
    let windowLength: Int
    let percentile: Double
    /// Transits in arrival order, a ring once full; `next` is where the next one goes.
    private var transits: [Double] = []
    private var next = 0
    /// The same transits, ascending.
    private var sorted: [Double] = []

    init(windowLength: Int = 100, percentile: Double = 0.95) {
        self.windowLength = max(1, windowLength)
        self.percentile = min(max(percentile, 0), 1)
        transits.reserveCapacity(self.windowLength)
        sorted.reserveCapacity(self.windowLength)
    }

    mutating func record(arrivalMilliseconds: Double, mediaMilliseconds: Double) {
        let transit = arrivalMilliseconds - mediaMilliseconds
        // A NaN would be lost to the binary search and leave the two orders out of step.
        guard !transit.isNaN else { return }
        if transits.count < windowLength {
            transits.append(transit)
        } else {
            sorted.remove(at: Self.position(of: transits[next], in: sorted))
            transits[next] = transit
        }
        sorted.insert(transit, at: Self.position(of: transit, in: sorted))
        next = (next + 1) % windowLength
    }

    mutating func reset() {
        transits.removeAll(keepingCapacity: true)
        sorted.removeAll(keepingCapacity: true)
        next = 0
    }

    var isFull: Bool { transits.count >= windowLength }

    /// The percentile transit minus the smallest, in milliseconds; 0 before any packet.
    var spreadMilliseconds: Double {
        guard sorted.count > 1 else { return 0 }
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * percentile).rounded(.up)))
        return sorted[index] - sorted[0]
    }

    /// The first index whose value is not below `value` (binary search); for a value that is
    /// present, an index holding it.
    private static func position(of value: Double, in ascending: [Double]) -> Int {
        var low = 0
        var high = ascending.count
        while low < high {
            let middle = (low + high) / 2
            if ascending[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
