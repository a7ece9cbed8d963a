/// What a WAV file held before it was converted to Parley's 48 kHz mono PCM16.
public struct WAVFormat: Hashable, Sendable, CustomStringConvertible {
    public enum SampleEncoding: Hashable, Sendable {
        /// Linear PCM: unsigned for 8-bit containers, two's complement otherwise.
        case integer
        case float
    }

    /// The tag as written in the `fmt ` chunk: 1 (PCM), 3 (IEEE float) or 0xFFFE (extensible).
    public var formatTag: UInt16
    public var encoding: SampleEncoding
    public var channelCount: Int
    public var sampleRate: Int
    /// Bits per sample container: 8, 16, 24, 32 (or 64 for float).
    public var bitsPerSample: Int
    /// Meaningful bits; below `bitsPerSample` only in WAVE_FORMAT_EXTENSIBLE files that say so.
    public var validBitsPerSample: Int
    /// Whole sample frames present in the data chunk (after clamping an overlong size).
    public var frameCount: Int

    public init(formatTag: UInt16, encoding: SampleEncoding, channelCount: Int, sampleRate: Int,
                bitsPerSample: Int, validBitsPerSample: Int, frameCount: Int) {
        self.formatTag = formatTag
        self.encoding = encoding
        self.channelCount = channelCount
        self.sampleRate = sampleRate
        self.bitsPerSample = bitsPerSample
        self.validBitsPerSample = validBitsPerSample
        self.frameCount = frameCount
    }

    public var isExtensible: Bool { formatTag == WAVFormat.extensibleFormatTag }

    public var bytesPerSample: Int { bitsPerSample / 8 }

    public var bytesPerFrame: Int { bytesPerSample * channelCount }

    /// The duration in seconds of the original audio.
    public var duration: Double { Double(frameCount) / Double(sampleRate) }

    /// For example "PCM 16-bit, 2 channels, 44100 Hz, 1.50 s".
    public var description: String {
        let kind = encoding == .float ? "float \(bitsPerSample)-bit" : "PCM \(bitsPerSample)-bit"
        let valid = validBitsPerSample < bitsPerSample ? " (\(validBitsPerSample) valid)" : ""
        let channels = channelCount == 1 ? "mono" : "\(channelCount) channels"
        let extensible = isExtensible ? ", extensible" : ""
        let seconds = (duration * 100).rounded() / 100
        return "\(kind)\(valid), \(channels), \(sampleRate) Hz, \(seconds) s\(extensible)"
    }

    static let pcmFormatTag: UInt16 = 0x0001
    static let floatFormatTag: UInt16 = 0x0003
    static let extensibleFormatTag: UInt16 = 0xFFFE
    /// The rates a file may have; outside them the file is more likely corrupt than exotic.
    static let acceptedSampleRates = 8_000...192_000
}
