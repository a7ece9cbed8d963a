extension WAVFormat {
    /// The fields of a `fmt ` chunk (WAVEFORMATEX, optionally WAVEFORMATEXTENSIBLE), validated
    /// against what Parley can decode. `dataLength` is the length of the data chunk in octets.
    init(formatChunk: ArraySlice<UInt8>, dataLength: Int) throws(WAVError) {
        let chunk = LittleEndianBytes(bytes: Array(formatChunk))
        guard let tag = chunk.uint16(at: 0), let channels = chunk.uint16(at: 2),
              let rate = chunk.uint32(at: 4), let blockAlign = chunk.uint16(at: 12),
              let bits = chunk.uint16(at: 14)
        else { throw .truncatedFormatChunk(size: chunk.count) }

        var encodingTag = tag
        var validBits = Int(bits)
        if tag == Self.extensibleFormatTag {
            guard let declaredValidBits = chunk.uint16(at: 18), let subformat = chunk.uint16(at: 24),
                  chunk.count >= 40
            else { throw .truncatedFormatChunk(size: chunk.count) }
            let guid = Array(chunk.bytes[24..<40])
            guard guid[2...] == Self.subformatGUIDTail[...] else {
                throw .unsupportedSubformat(guid: Self.guidString(guid))
            }
            encodingTag = subformat
            if declaredValidBits > 0 { validBits = min(validBits, Int(declaredValidBits)) }
        }

        let encoding: SampleEncoding
        switch encodingTag {
        case Self.pcmFormatTag: encoding = .integer
        case Self.floatFormatTag: encoding = .float
        default: throw .unsupportedEncoding(formatTag: encodingTag)
        }
        guard channels > 0 else { throw .invalidChannelCount(0) }
        let sampleRate = Int(rate)
        guard Self.acceptedSampleRates.contains(sampleRate) else { throw .unsupportedSampleRate(sampleRate) }

        let bytesPerSample = try Self.containerBytes(bits: Int(bits), blockAlign: Int(blockAlign),
                                                     channels: Int(channels), encoding: encoding)
        let frameBytes = bytesPerSample * Int(channels)
        self.init(formatTag: tag, encoding: encoding, channelCount: Int(channels), sampleRate: sampleRate,
                  bitsPerSample: bytesPerSample * 8, validBitsPerSample: min(validBits, bytesPerSample * 8),
                  frameCount: dataLength / frameBytes)
    }

    /// Octets per sample. Integer samples narrower than their container (12 bits in 16, 20 or
    /// 24 in 32) are left-justified, so they decode as the container width; the container is
    /// taken from the block alignment when that is consistent, since writers of such files
    /// sometimes put the valid width in `wBitsPerSample`.
    private static func containerBytes(bits: Int, blockAlign: Int, channels: Int,
                                       encoding: SampleEncoding) throws(WAVError) -> Int {
        let allowed: ClosedRange<Int> = encoding == .float ? 4...8 : 1...4
        let fromBits = (bits + 7) / 8
        guard bits > 0, allowed.contains(fromBits) else {
            throw .unsupportedSampleSize(bitsPerSample: bits, float: encoding == .float)
        }
        let fromAlign = blockAlign / channels
        let container = blockAlign % channels == 0 && fromAlign >= fromBits && allowed.contains(fromAlign)
            ? fromAlign : fromBits
        if encoding == .float, container != 4, container != 8 {
            throw .unsupportedSampleSize(bitsPerSample: bits, float: true)
        }
        return container
    }

    /// KSDATAFORMAT_SUBTYPE_PCM and _IEEE_FLOAT are {0000000x-0000-0010-8000-00AA00389B71}:
    /// the format tag in the first two octets, then this.
    private static let subformatGUIDTail: [UInt8] = [
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
    ]

    /// A GUID in its usual text form; the first three fields are stored little-endian.
    private static func guidString(_ octets: [UInt8]) -> String {
        guard octets.count == 16 else { return "?" }
        func hex(_ indices: [Int]) -> String {
            indices.map { index in
                let text = String(octets[index], radix: 16, uppercase: true)
                return text.count == 1 ? "0" + text : text
            }.joined()
        }
        return "{\(hex([3, 2, 1, 0]))-\(hex([5, 4]))-\(hex([7, 6]))-\(hex([8, 9]))-\(hex(Array(10...15))))}"
    }
}
