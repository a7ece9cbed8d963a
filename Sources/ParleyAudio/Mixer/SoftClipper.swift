import Foundation

/// Keeps a mix inside 16 bits without wraparound or hard edges: linear up to the knee, then a
/// tanh curve that joins it with the same slope and approaches full scale without reaching it.
struct SoftClipper: Sendable {
    /// The knee as an amplitude in sample units (−3 dBFS ≈ 23198).
    let knee: Float
    private let headroom: Float

    init(kneeDBFS: Double) {
        let level = min(max(kneeDBFS, -40), 0)
        knee = Float(AudioLevel.amplitude(dBFS: level)) * PCM16Conversion.fullScale
        headroom = PCM16Conversion.fullScale - knee
    }

    /// `sample` in sample units (full scale 32768), possibly far beyond 16 bits.
    func clip(_ sample: Float) -> Int16 {
        guard !sample.isNaN else { return 0 }
        let magnitude = abs(sample)
        guard magnitude > knee else { return Int16(sample.rounded()) }
        guard headroom > 0 else { return sample > 0 ? .max : .min }
        let shaped = knee + headroom * Float(tanh(Double((magnitude - knee) / headroom)))
        let limited = min(shaped.rounded(), 32_767)
        return Int16(sample > 0 ? limited : -limited)
    }
}
