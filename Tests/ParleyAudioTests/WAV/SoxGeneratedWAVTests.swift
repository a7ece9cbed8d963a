import Foundation
import Testing
@testable import ParleyAudio

/// Breadth beyond the committed fixtures: SoX writes a 1 kHz tone at −6 dBFS in many rates,
/// encodings and channel counts at test time. (The committed fixtures cover each code path when
/// SoX is absent.)
@Suite(.enabled(if: WAVTestSupport.soxPath != nil, "sox not installed (apt-get install sox)"))
struct SoxGeneratedWAVTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var sampleRate: Int
        var channels: Int
        /// SoX's `-e` and `-b`.
        var encoding: String
        var bits: Int
        /// `wav` lets SoX pick WAVE_FORMAT_EXTENSIBLE for > 16 bits or > 2 channels; `wavpcm` never does.
        var type = "wav"

        var testDescription: String { "\(type) \(encoding) \(bits)-bit \(channels) ch \(sampleRate) Hz" }
    }

    static let cases: [Case] = [
        Case(sampleRate: 8_000, channels: 1, encoding: "signed-integer", bits: 16),
        Case(sampleRate: 11_025, channels: 2, encoding: "unsigned-integer", bits: 8),
        Case(sampleRate: 16_000, channels: 1, encoding: "floating-point", bits: 32),
        Case(sampleRate: 22_050, channels: 6, encoding: "signed-integer", bits: 24),
        Case(sampleRate: 32_000, channels: 2, encoding: "signed-integer", bits: 32),
        Case(sampleRate: 44_100, channels: 2, encoding: "signed-integer", bits: 16),
        Case(sampleRate: 44_100, channels: 2, encoding: "signed-integer", bits: 24, type: "wavpcm"),
        Case(sampleRate: 44_100, channels: 1, encoding: "floating-point", bits: 64),
        Case(sampleRate: 48_000, channels: 2, encoding: "floating-point", bits: 32, type: "wavpcm"),
        Case(sampleRate: 88_200, channels: 1, encoding: "signed-integer", bits: 16),
        Case(sampleRate: 96_000, channels: 4, encoding: "signed-integer", bits: 32),
        Case(sampleRate: 192_000, channels: 2, encoding: "signed-integer", bits: 24),
    ]

    @Test("1 kHz tone, −6 dBFS, 0.5 s", arguments: cases)
    func tone(testCase: Case) throws {
        let directory = try WAVTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tone.wav").path
        try WAVTestSupport.sox(["-r", "\(testCase.sampleRate)", "-n", "-r", "\(testCase.sampleRate)", "-c", "\(testCase.channels)",
                                "-e", testCase.encoding, "-b", "\(testCase.bits)", "-t", testCase.type, path,
                                "synth", "0.5", "sine", "1000", "vol", "0.5"])
        let file = try WAVFile(contentsOfFile: path)
        #expect(file.format.sampleRate == testCase.sampleRate)
        #expect(file.format.channelCount == testCase.channels)
        #expect(file.format.bitsPerSample == testCase.bits)
        #expect(file.format.encoding == (testCase.encoding == "floating-point" ? .float : .integer))
        #expect(file.format.frameCount == Int((Double(testCase.sampleRate) / 2).rounded()))
        #expect(file.samples.count == file.format.frameCount * 48_000 / testCase.sampleRate)
        let frequency = try #require(DominantFrequency.estimate(file.samples))
        #expect(abs(frequency - 1_000) < 5, "\(frequency) Hz")
        let level = WAVTestSupport.rmsDBFS(WAVTestSupport.middle(file.samples))
        #expect(abs(level - 20 * log10(0.5)) < 0.2, "\(level) dBFS")
    }

    /// Downsampling must filter: a 30 kHz tone in a 96 kHz file would fold to 18 kHz at 48 kHz.
    @Test("content above 24 kHz is removed, not aliased")
    func noAliasing() throws {
        let directory = try WAVTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ultrasonic.wav").path
        // SoX synthesises at the input rate: without `-r` before `-n` the 30 kHz tone would
        // already be aliased in the file.
        try WAVTestSupport.sox(["-r", "96000", "-n", "-b", "24", path,
                                "synth", "0.5", "sine", "1000", "sine", "30000", "channels", "1", "vol", "0.4"])
        let file = try WAVFile(contentsOfFile: path)
        let signal = AudioTestSignals.floats(WAVTestSupport.middle(file.samples))
        let wanted = AudioTestSignals.power(of: 1_000, in: signal)
        let alias = AudioTestSignals.power(of: 18_000, in: signal)
        #expect(10 * log10(alias / wanted) < -60)
    }
}
