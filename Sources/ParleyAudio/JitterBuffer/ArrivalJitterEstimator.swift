/// Measures how widely packets' arrival times scatter around what their RTP timestamps predict.
///
/// For each packet it keeps the transit time (arrival minus media time); over a window of recent
/// packets the spread between the fastest transit and a high percentile is the extra delay a
/// buffer needs so that nearly every packet is in time. A percentile rather than the maximum lets
/// a rare straggler be concealed instead of raising everyone's delay; RFC 3550's mean deviation
/// underestimates the tail of uniform or heavy-tailed jitter.
struct ArrivalJitterEstimator {
    let windowLength: Int
    let percentile: Double
    private var transits: [Double] = []
    private var next = 0

    init(windowLength: Int = 100, percentile: Double = 0.95) {
        self.windowLength = max(1, windowLength)
        self.percentile = min(max(percentile, 0), 1)
    }

    mutating func record(arrivalMilliseconds: Double, mediaMilliseconds: Double) {
        let transit = arrivalMilliseconds - mediaMilliseconds
        if transits.count < windowLength {
            transits.append(transit)
        } else {
            transits[next] = transit
        }
        next = (next + 1) % windowLength
    }

    mutating func reset() {
        transits.removeAll(keepingCapacity: true)
        next = 0
    }

    var isFull: Bool { transits.count >= windowLength }

    /// The percentile transit minus the smallest, in milliseconds; 0 before any packet.
    var spreadMilliseconds: Double {
        guard transits.count > 1 else { return 0 }
        let sorted = transits.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * percentile).rounded(.up)))
        return sorted[index] - sorted[0]
    }
}
