/// Float samples in [-1, 1] ↔ Int16, with full scale 32768 in both directions so 16-bit audio
/// round-trips exactly.
enum PCM16Conversion {
    static let fullScale: Float = 32_768

    /// Rounds and saturates; NaN becomes 0. Never wraps around.
    static func quantize(_ sample: Float) -> Int16 {
        let scaled = sample * fullScale
        guard scaled.isFinite else { return scaled.isNaN ? 0 : (scaled > 0 ? .max : .min) }
        return Int16(min(max(scaled.rounded(), -32_768), 32_767))
    }

    static func quantize(_ samples: [Float]) -> [Int16] {
        samples.map(quantize)
    }
}
