import Foundation
import ParleyTestSupport
import Testing
@testable import ParleyAudio

/// Broken, truncated, exotic and hostile input: always a `WAVError` or a result, never a trap.
struct WAVMalformedInputTests {
    /// A canonical header followed by `data`, with the fields a test wants to break.
    static func wav(formatTag: UInt16 = 1, channels: UInt16 = 1, sampleRate: UInt32 = 48_000,
                    bitsPerSample: UInt16 = 16, dataSize: UInt32? = nil, data: [UInt8]) -> [UInt8] {
        let blockAlign = UInt16(truncatingIfNeeded: Int(channels) * Int(bitsPerSample) / 8)
        var bytes = Array("RIFF".utf8) + le32(UInt32(36 + data.count)) + Array("WAVEfmt ".utf8) + le32(16)
        bytes += le16(formatTag) + le16(channels) + le32(sampleRate)
        bytes += le32(sampleRate &* UInt32(blockAlign)) + le16(blockAlign) + le16(bitsPerSample)
        return bytes + Array("data".utf8) + le32(dataSize ?? UInt32(data.count)) + data
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }

    static func le32Value(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << ($1 * 8) }
    }

    static func pcm(_ samples: [Int16]) -> [UInt8] {
        samples.flatMap { le16(UInt16(bitPattern: $0)) }
    }

    static func error(_ bytes: [UInt8]) -> WAVError? {
        do {
            _ = try WAVFile(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("not RIFF")
    func notRIFF() {
        #expect(Self.error([]) == .missingRIFFHeader)
        #expect(Self.error(Array("ID3\u{3}".utf8) + [UInt8](repeating: 0, count: 100)) == .missingRIFFHeader)
        #expect(Self.error(Array("RIFF".utf8)) == .notWAVEForm(formType: ""))
        #expect(Self.error(Array("RIFF\0\0\0\0AVI LIST".utf8)) == .notWAVEForm(formType: "AVI "))
        #expect(WAVError.missingRIFFHeader.description == "not a WAV file: no RIFF header")
    }

    @Test("RIFX and RF64 named")
    func variants() {
        var rifx = Self.wav(data: [0, 0])
        rifx[3] = UInt8(ascii: "X")
        #expect(Self.error(rifx) == .bigEndianRIFX)
        var rf64 = Self.wav(data: [0, 0])
        rf64.replaceSubrange(0..<4, with: Array("RF64".utf8))
        #expect(Self.error(rf64) == .rf64)
    }

    @Test("compressed encodings are named")
    func compressed() {
        let error = Self.error(Self.wav(formatTag: 0x55, data: [0xFF, 0xFB, 0x90, 0x64]))
        #expect(error == .unsupportedEncoding(formatTag: 85))
        #expect(error?.description == "unsupported WAV encoding: format tag 85 (MP3)")
        #expect(Self.error(Self.wav(formatTag: 0x11, bitsPerSample: 4, data: [0, 0])) == .unsupportedEncoding(formatTag: 0x11))
    }

    @Test("extensible with a foreign subformat GUID")
    func foreignSubformat() throws {
        var bytes = try WAVFixture.bytes(named: "tone-1000hz-48000-mono-s24")
        // The subformat GUID sits at octets 24–39 of the fmt body (which starts at 20).
        bytes[20 + 30] ^= 0xFF
        guard case .unsupportedSubformat(let guid) = Self.error(bytes) else {
            Issue.record("expected unsupportedSubformat")
            return
        }
        #expect(guid.hasPrefix("{00000001-0000-"))
    }

    @Test("impossible fields")
    func impossibleFields() {
        let samples = Self.pcm([1, 2, 3, 4])
        #expect(Self.error(Self.wav(channels: 0, data: samples)) == .invalidChannelCount(0))
        #expect(Self.error(Self.wav(sampleRate: 4_000, data: samples)) == .unsupportedSampleRate(4_000))
        #expect(Self.error(Self.wav(sampleRate: 0, data: samples)) == .unsupportedSampleRate(0))
        #expect(Self.error(Self.wav(sampleRate: 384_000, data: samples)) == .unsupportedSampleRate(384_000))
        #expect(Self.error(Self.wav(bitsPerSample: 0, data: samples)) == .unsupportedSampleSize(bitsPerSample: 0, float: false))
        #expect(Self.error(Self.wav(bitsPerSample: 48, data: samples)) == .unsupportedSampleSize(bitsPerSample: 48, float: false))
        #expect(Self.error(Self.wav(formatTag: 3, bitsPerSample: 16, data: samples)) == .unsupportedSampleSize(bitsPerSample: 16, float: true))
    }

    @Test("missing chunks")
    func missingChunks() {
        let full = Self.wav(data: Self.pcm([1, 2]))
        // Header without data chunk.
        #expect(Self.error(Array(full[0..<36])) == .missingDataChunk)
        // Data chunk without fmt: rename "fmt " to "junk".
        var renamed = full
        renamed.replaceSubrange(12..<16, with: Array("junk".utf8))
        #expect(Self.error(renamed) == .missingFormatChunk)
        // fmt chunk cut short.
        var short = Array("RIFF".utf8) + Self.le32(20) + Array("WAVEfmt ".utf8) + Self.le32(8)
        short += [1, 0, 1, 0, 0x80, 0xBB, 0, 0] + Array("data".utf8) + Self.le32(0)
        #expect(Self.error(short) == .truncatedFormatChunk(size: 8))
    }

    /// Unknown chunks before and after fmt, one of odd size with its pad octet and one without
    /// (a common writer bug), then a data chunk whose size says more than the file holds.
    @Test("unknown chunks, odd sizes and overlong data")
    func chunkLayout() throws {
        let samples: [Int16] = (0..<480).map { Int16($0 * 50 - 12_000) }
        let canonical = Self.wav(data: Self.pcm(samples))
        let fmt = Array(canonical[12..<36])
        let list = Array("LIST".utf8) + Self.le32(13) + Array("INFOISFT\u{1}\0\0\0x".utf8)
        let junk = Array("junk".utf8) + Self.le32(3) + [1, 2, 3]
        for padded in [true, false] {
            var bytes = Array("RIFF".utf8) + Self.le32(0xFFFF_FFFF) + Array("WAVE".utf8)
            bytes += list + [0] + fmt + junk + (padded ? [0] : [])
            bytes += Array("data".utf8) + Self.le32(0xFFFF_FFFF) + Self.pcm(samples)
            let file = try WAVFile(bytes: bytes)
            #expect(file.samples == samples, "padded: \(padded)")
        }
    }

    @Test("data size 0 from a writer that could not seek")
    func zeroDataSize() throws {
        let samples: [Int16] = (0..<960).map { Int16(truncatingIfNeeded: $0 &* 977) }
        let file = try WAVFile(bytes: Self.wav(dataSize: 0, data: Self.pcm(samples)))
        #expect(file.samples == samples)
        // An empty data chunk followed by another chunk stays empty.
        let empty = try WAVFile(bytes: Self.wav(dataSize: 0, data: Array("LIST".utf8) + Self.le32(0)))
        #expect(empty.samples.isEmpty)
    }

    @Test("a partial final frame is dropped")
    func partialFrame() throws {
        let file = try WAVFile(bytes: Self.wav(channels: 2, data: Self.pcm([100, 300, 1_000, 3_000]) + [7]))
        #expect(file.samples == [200, 2_000])
        #expect(file.format.frameCount == 2)
    }

    @Test("float NaN and infinity do not spread")
    func floatSpecials() throws {
        var floats = [Float](repeating: 0.25, count: 4_800)
        floats[100] = .nan
        floats[200] = .infinity
        floats[300] = -.infinity
        floats[400] = 1e30
        let data = floats.flatMap { Self.le32($0.bitPattern) }
        let file = try WAVFile(bytes: Self.wav(formatTag: 3, sampleRate: 44_100, bitsPerSample: 32, data: data))
        #expect(file.samples.count == 4_800 * 48_000 / 44_100)
        #expect(file.samples.allSatisfy { $0 >= -32_768 && $0 <= 32_767 })
        #expect(file.samples[0] == 8_192)
    }

    /// Every prefix of a real file: a clean error or fewer samples, never a trap.
    @Test("every truncation of a real file")
    func truncations() throws {
        let bytes = try WAVFixture.bytes(named: "tone-1000hz-48000-mono-s24")
        let complete = try WAVFile(bytes: bytes)
        for length in stride(from: 0, through: bytes.count, by: 11) {
            do {
                let file = try WAVFile(bytes: Array(bytes[0..<length]))
                #expect(file.samples.count <= complete.samples.count)
                #expect(file.samples == Array(complete.samples[0..<file.samples.count]))
            } catch {
                #expect(length < 80, "a header-complete prefix of \(length) octets failed: \(error)")
            }
        }
    }

    /// Random mutations of real files (header fields, sizes, sample data), and pure garbage.
    /// The first 2 KiB of each file is enough to reach the samples and keeps the run short.
    @Test("random mutations never trap", arguments: WAVFixture.tones.map(\.name) + ["speech-one-two-three-8000-u8"])
    func mutations(name: String) throws {
        let original = Array(try WAVFixture.bytes(named: name).prefix(2_048))
        var random = SplitMix64(seed: name.utf8.reduce(UInt64(original.count)) { $0 &* 31 &+ UInt64($1) })
        var failures = 0, successes = 0
        for round in 0..<200 {
            var bytes = original
            let edits = 1 + random.below(8)
            for _ in 0..<edits {
                // Most edits land in the header, where the lengths and fields are.
                let position = random.below(4) == 0 ? random.below(bytes.count) : random.below(min(80, bytes.count))
                switch random.below(5) {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes[position] ^= 1 << UInt8(random.below(8))
                case 2: bytes[position] = [0x00, 0xFF, 0x7F, 0x80][random.below(4)]
                case 3: bytes.removeSubrange(position..<min(bytes.count, position + 1 + random.below(40)))
                default: bytes.insert(contentsOf: random.bytes(1 + random.below(16)), at: position)
                }
                if bytes.isEmpty { break }
            }
            if round % 25 == 0 { bytes = random.bytes(random.below(200)) }
            do {
                let file = try WAVFile(bytes: bytes)
                #expect(file.samples.count <= 48_000 * 600)
                successes += 1
            } catch {
                #expect(!error.description.isEmpty)
                failures += 1
            }
        }
        #expect(successes + failures == 200)
        #expect(failures > 0)
    }

    @Test("unreadable path named in the error")
    func unreadablePath() {
        let path = "/nonexistent-parley-dir/recording.wav"
        let error = #expect(throws: WAVError.self) {
            try WAVFile(contentsOfFile: path)
        }
        guard case .unreadable(let reported, let reason) = error else {
            Issue.record("expected unreadable, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(error?.description.contains(path) == true)
        #expect(reason == "No such file or directory")
    }
}
