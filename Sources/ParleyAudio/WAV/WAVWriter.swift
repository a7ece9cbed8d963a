import Foundation

/// Records 48 kHz mono PCM16 to a WAV file as it arrives.
///
/// The header is written at open with empty sizes and its RIFF and data sizes are patched every
/// `headerUpdateInterval` samples and at `close()`, so the file of a killed process is still a
/// valid WAV missing at most the last interval of audio.
///
/// Not Sendable: one owner (the audio path) appends; it can move between tasks as a `sending` value.
public final class WAVWriter {
    public static let sampleRate = 48_000

    public let path: String
    /// Samples between header updates; one second by default.
    public let headerUpdateInterval: Int
    /// Samples written so far.
    public private(set) var sampleCount = 0

    private var handle: FileHandle?
    private var samplesSinceHeaderUpdate = 0

    static let headerSize = 44
    private static let bytesPerSample = 2
    /// The RIFF size field counts everything after itself: 36 header octets plus the samples.
    static let maximumSampleCount = (Int(UInt32.max) - 36) / bytesPerSample

    /// Creates (or truncates) the file at `path`.
    public init(path: String, headerUpdateInterval: Int = WAVWriter.sampleRate) throws(WAVError) {
        self.path = path
        self.headerUpdateInterval = max(1, headerUpdateInterval)
        let url = URL(fileURLWithPath: path)
        do {
            try Data(Self.header(sampleCount: 0)).write(to: url)
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            self.handle = handle
        } catch {
            throw .unwritable(path: path, reason: FileErrorReason.describe(error))
        }
    }

    deinit {
        try? close()
    }

    public func append(_ samples: [Int16]) throws(WAVError) {
        try append(samples[...])
    }

    public func append(_ samples: ArraySlice<Int16>) throws(WAVError) {
        guard let handle else { throw .writerClosed(path: path) }
        guard !samples.isEmpty else { return }
        guard samples.count <= Self.maximumSampleCount - sampleCount else { throw .fileTooLarge(path: path) }
        do {
            try handle.write(contentsOf: Self.littleEndianData(samples))
        } catch {
            throw .unwritable(path: path, reason: FileErrorReason.describe(error))
        }
        sampleCount += samples.count
        samplesSinceHeaderUpdate += samples.count
        if samplesSinceHeaderUpdate >= headerUpdateInterval {
            try updateHeader(handle)
        }
    }

    /// Writes the final sizes and closes the file. Closing twice does nothing.
    public func close() throws(WAVError) {
        guard let handle else { return }
        self.handle = nil
        do {
            try writeSizes(handle)
            try handle.close()
        } catch {
            throw .unwritable(path: path, reason: FileErrorReason.describe(error))
        }
    }

    private func updateHeader(_ handle: FileHandle) throws(WAVError) {
        do {
            try writeSizes(handle)
            try handle.seekToEnd()
        } catch {
            throw .unwritable(path: path, reason: FileErrorReason.describe(error))
        }
        samplesSinceHeaderUpdate = 0
    }

    private func writeSizes(_ handle: FileHandle) throws {
        let dataSize = UInt32(sampleCount * Self.bytesPerSample)
        try handle.seek(toOffset: 4)
        try handle.write(contentsOf: Self.octets(36 + dataSize))
        try handle.seek(toOffset: 40)
        try handle.write(contentsOf: Self.octets(dataSize))
    }

    /// The canonical 44-octet header of a PCM16 mono 48 kHz file with `sampleCount` samples.
    static func header(sampleCount: Int) -> [UInt8] {
        let dataSize = UInt32(clamping: sampleCount * bytesPerSample)
        var header: [UInt8] = Array("RIFF".utf8)
        header += octets(36 &+ dataSize)
        header += Array("WAVEfmt ".utf8)
        header += octets(UInt32(16))
        header += octets(WAVFormat.pcmFormatTag)
        header += octets(UInt16(1))
        header += octets(UInt32(sampleRate))
        header += octets(UInt32(sampleRate * bytesPerSample))
        header += octets(UInt16(bytesPerSample))
        header += octets(UInt16(16))
        header += Array("data".utf8)
        header += octets(dataSize)
        return header
    }

    private static func octets(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    private static func octets(_ value: UInt16) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }

    private static func littleEndianData(_ samples: ArraySlice<Int16>) -> Data {
        #if _endian(big)
        return samples.map(\.littleEndian).withUnsafeBytes { Data($0) }
        #else
        return samples.withUnsafeBytes { Data($0) }
        #endif
    }
}

@available(*, unavailable, message: "one owner appends to a WAV file")
extension WAVWriter: Sendable {}
