import ParleyAudio

/// A continuous sine: what `parley bot` sends when it is given no WAV file.
public final class ToneSource: AudioSource {
    private var generator: ToneGenerator

    public init(frequency: Double, amplitude: Double = 0.3) {
        generator = ToneGenerator(frequency: frequency, amplitude: amplitude)
    }

    public func nextFrame(sampleCount: Int) -> [Int16] {
        generator.nextFrame(sampleCount: sampleCount)
    }
}
