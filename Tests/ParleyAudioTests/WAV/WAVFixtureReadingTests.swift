import Foundation
import Testing
@testable import ParleyAudio

/// Files written by SoX in several encodings, rates and channel layouts, read to 48 kHz mono.
struct WAVFixtureReadingTests {
    @Test("format as stored", arguments: WAVFixture.tones)
    func format(fixture: WAVFixture) throws {
        let file = try WAVFile(bytes: fixture.bytes())
        #expect(file.format.sampleRate == fixture.sampleRate)
        #expect(file.format.channelCount == fixture.channelCount)
        #expect(file.format.bitsPerSample == fixture.bitsPerSample)
        #expect(file.format.encoding == fixture.encoding)
        #expect(file.format.isExtensible == fixture.isExtensible)
        #expect(file.format.frameCount == Int((fixture.seconds * Double(fixture.sampleRate)).rounded()))
    }

    @Test("duration survives resampling to 48 kHz", arguments: WAVFixture.tones)
    func duration(fixture: WAVFixture) throws {
        let file = try WAVFile(bytes: fixture.bytes())
        let expected = file.format.frameCount * WAVFile.sampleRate / fixture.sampleRate
        #expect(file.samples.count == expected)
        #expect(abs(file.duration - fixture.seconds) < 0.001)
    }

    @Test("tone frequency within 0.5 %", arguments: WAVFixture.tones)
    func frequency(fixture: WAVFixture) throws {
        let file = try WAVFile(bytes: fixture.bytes())
        let measured = try #require(DominantFrequency.estimate(file.samples))
        #expect(abs(measured - fixture.frequency) / fixture.frequency < 0.005, "measured \(measured) Hz")
    }

    /// Levels show the decoding scale (8-bit offset, 24-bit sign extension, float range) and the
    /// downmix (averaging: a tone in one of two channels comes out at half amplitude).
    @Test("tone level after downmix", arguments: WAVFixture.tones)
    func level(fixture: WAVFixture) throws {
        let file = try WAVFile(bytes: fixture.bytes())
        let expected = 20 * log10(fixture.downmixAmplitude)
        let measured = WAVTestSupport.rmsDBFS(WAVTestSupport.middle(file.samples))
        #expect(abs(measured - expected) < 0.2, "measured \(measured) dBFS, expected \(expected)")
        // Peaks carry the source's quantisation and SoX's dither: half a step of 8 bits is 0.13 dB here.
        let peak = AudioLevel(WAVTestSupport.middle(file.samples)).peak
        #expect(abs(peak - expected) < (fixture.bitsPerSample == 8 ? 0.4 : 0.1), "peak \(peak) dBFS, expected \(expected)")
    }

    /// A 44.1 kHz source has 147 input samples for every 160 output samples; a drift or an
    /// off-by-one in the resampler's position would shift the tone.
    @Test("1 kHz at 44.1 kHz measures 1 kHz after resampling")
    func resampled44100() throws {
        let file = try WAVFile(bytes: WAVFixture.bytes(named: "tone-1000hz-44100-left-only-s16"))
        let measured = try #require(DominantFrequency.estimate(file.samples))
        #expect(abs(measured - 1_000) < 5, "measured \(measured) Hz")
        #expect(abs(measured - 1_000) < 0.5, "well inside the 0.5 % asked: \(measured) Hz")
    }

    /// At 48 kHz mono there is nothing to resample: the samples are the file's, rounded from 24 bits.
    @Test("48 kHz 24-bit decodes sample for sample")
    func samplesAt48kHz() throws {
        let bytes = try WAVFixture.bytes(named: "tone-1000hz-48000-mono-s24")
        let file = try WAVFile(bytes: bytes)
        let dataStart = try #require(Self.dataOffset(in: bytes))
        for index in stride(from: 0, to: file.samples.count, by: 37) {
            let offset = dataStart + 3 * index
            let raw = Int32(bitPattern: UInt32(bytes[offset]) << 8 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 24) >> 8
            let expected = Int16(clamping: Int((Double(raw) / 256).rounded()))
            #expect(file.samples[index] == expected, "sample \(index)")
        }
    }

    @Test("speech from espeak-ng via SoX")
    func speech() throws {
        let file = try WAVFile(bytes: WAVFixture.bytes(named: "speech-one-two-three-8000-u8"))
        #expect(file.format.sampleRate == 8_000)
        #expect(file.format.bitsPerSample == 8)
        #expect(file.duration > 1.5)
        #expect(WAVTestSupport.rmsDBFS(file.samples) > -40)
    }

    @Test("reads from a path")
    func readsPath() throws {
        let url = try WAVFixture.url(named: "tone-440hz-8000-mono-u8")
        let fromPath = try WAVFile(contentsOfFile: url.path)
        let fromBytes = try WAVFile(data: Data(contentsOf: url))
        #expect(fromPath.samples == fromBytes.samples)
        #expect(fromPath.format == fromBytes.format)
    }

    @Test("format description")
    func description() throws {
        let file = try WAVFile(bytes: WAVFixture.bytes(named: "tone-500hz-16000-3ch-s16"))
        #expect(file.format.description == "PCM 16-bit, 3 channels, 16000 Hz, 0.1 s, extensible")
    }

    static func dataOffset(in bytes: [UInt8]) -> Int? {
        let marker = Array("data".utf8)
        guard bytes.count > 8 else { return nil }
        for index in 12..<(bytes.count - 8) where Array(bytes[index..<(index + 4)]) == marker {
            return index + 8
        }
        return nil
    }
}
