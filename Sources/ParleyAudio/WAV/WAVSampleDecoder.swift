/// Turns the interleaved samples of a data chunk into one mono channel of floats in [-1, 1].
enum WAVSampleDecoder {
    /// `data` must lie within `bytes` (WAVChunks guarantees it); only whole frames are read.
    static func monoSamples(from bytes: [UInt8], data: Range<Int>, format: WAVFormat) -> [Float] {
        let frames = format.frameCount
        let channels = format.channelCount
        let width = format.bytesPerSample
        guard frames > 0, data.lowerBound >= 0, data.lowerBound + frames * format.bytesPerFrame <= bytes.count
        else { return [] }
        let read = sampleReader(encoding: format.encoding, width: width)
        let scale = 1 / Float(channels)
        var mono = [Float](repeating: 0, count: frames)
        bytes.withUnsafeBytes { raw in
            var offset = data.lowerBound
            for frame in 0..<frames {
                var sum: Float = 0
                for _ in 0..<channels {
                    sum += read(raw, offset)
                    offset += width
                }
                mono[frame] = sum * scale
            }
        }
        return mono
    }

    private typealias SampleReader = (UnsafeRawBufferPointer, Int) -> Float

    private static func sampleReader(encoding: WAVFormat.SampleEncoding, width: Int) -> SampleReader {
        switch (encoding, width) {
        case (.integer, 1):
            // 8-bit WAV is unsigned with 128 as zero.
            return { raw, offset in (Float(raw[offset]) - 128) / 128 }
        case (.integer, 2):
            return { raw, offset in
                Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self))) / 32_768
            }
        case (.integer, 3):
            return { raw, offset in
                let unsigned = UInt32(raw[offset]) << 8 | UInt32(raw[offset + 1]) << 16 | UInt32(raw[offset + 2]) << 24
                return Float(Int32(bitPattern: unsigned) >> 8) / 8_388_608
            }
        case (.integer, _):
            return { raw, offset in
                Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))) / 2_147_483_648
            }
        case (.float, 8):
            return { raw, offset in
                let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let sample = Double(bitPattern: bits)
                return sample.isFinite ? Float(min(max(sample, -1), 1)) : 0
            }
        case (.float, _):
            return { raw, offset in
                let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                return sanitized(Float(bitPattern: bits))
            }
        }
    }

    /// Float files may hold NaN, infinities or overs; one NaN would spread through the resampler.
    private static func sanitized(_ sample: Float) -> Float {
        guard sample.isFinite else { return 0 }
        return min(max(sample, -1), 1)
    }
}
