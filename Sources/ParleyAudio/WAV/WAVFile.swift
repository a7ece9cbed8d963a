import Foundation

/// A WAV file read into Parley's internal format, 48 kHz mono PCM16: channels are averaged and
/// other rates resampled (bandlimited, see `SampleRateConverter`).
///
/// Reads integer PCM (8, 16, 24, 32-bit) and IEEE float (32, 64-bit), plain or as
/// WAVE_FORMAT_EXTENSIBLE, at 8–192 kHz with any number of channels. Unknown chunks are skipped
/// and a data chunk whose size overruns the file (streamed WAVs) is clamped to what is there.
/// Malformed input throws a `WAVError`; it never traps.
public struct WAVFile: Sendable {
    public static let sampleRate = 48_000

    /// The format of the file as stored.
    public var format: WAVFormat
    /// The audio at 48 kHz mono.
    public var samples: [Int16]

    public init(bytes: [UInt8]) throws(WAVError) {
        let view = LittleEndianBytes(bytes: bytes)
        let chunks = try WAVChunks(view)
        format = try WAVFormat(formatChunk: chunks.formatChunk, dataLength: chunks.data.count)
        let mono = WAVSampleDecoder.monoSamples(from: bytes, data: chunks.data, format: format)
        let resampled = SampleRateConverter.resample(mono, from: format.sampleRate, to: Self.sampleRate)
        samples = PCM16Conversion.quantize(resampled)
    }

    public init(data: Data) throws(WAVError) {
        try self.init(bytes: [UInt8](data))
    }

    public init(contentsOfFile path: String) throws(WAVError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: FileErrorReason.describe(error))
        }
        try self.init(data: data)
    }

    /// Seconds of audio.
    public var duration: Double { Double(samples.count) / Double(Self.sampleRate) }
}
