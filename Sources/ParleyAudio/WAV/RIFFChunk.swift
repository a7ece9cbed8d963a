/// Little-endian reads from untrusted bytes: every read is bounds-checked and returns nil past
/// the end, so no length field in a file can make the reader trap.
struct LittleEndianBytes {
    let bytes: [UInt8]

    var count: Int { bytes.count }

    func uint16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset <= bytes.count - 2 else { return nil }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func uint32(at offset: Int) -> UInt32? {
        guard let low = uint16(at: offset), let high = uint16(at: offset + 2) else { return nil }
        return UInt32(low) | UInt32(high) << 16
    }

    /// A four-character code as text; non-ASCII octets show as "?".
    func fourCC(at offset: Int) -> String? {
        guard offset >= 0, offset <= bytes.count - 4 else { return nil }
        return String(decoding: bytes[offset..<(offset + 4)].map { (0x20...0x7E).contains($0) ? $0 : 0x3F },
                      as: UTF8.self)
    }

    /// True when four printable ASCII octets and a size field start at `offset`: what any chunk
    /// header looks like. Used to tell real chunk boundaries from sample data.
    func looksLikeChunkHeader(at offset: Int) -> Bool {
        guard offset >= 0, offset <= bytes.count - 8 else { return false }
        return bytes[offset..<(offset + 4)].allSatisfy { (0x20...0x7E).contains($0) }
    }
}

/// The chunks of a RIFF/WAVE file that Parley needs; the rest (LIST, fact, cue, bext...) is skipped.
struct WAVChunks {
    /// The body of the first `fmt ` chunk, as much of it as the file holds.
    var formatChunk: ArraySlice<UInt8>
    /// The octets of the first `data` chunk, clamped to the end of the file.
    var data: Range<Int>

    init(_ bytes: LittleEndianBytes) throws(WAVError) {
        guard let magic = bytes.fourCC(at: 0) else { throw .missingRIFFHeader }
        switch magic {
        case "RIFF": break
        case "RIFX": throw .bigEndianRIFX
        case "RF64", "BW64": throw .rf64
        default: throw .missingRIFFHeader
        }
        guard let formType = bytes.fourCC(at: 8) else { throw .notWAVEForm(formType: "") }
        guard formType == "WAVE" else { throw .notWAVEForm(formType: formType) }

        var formatChunk: ArraySlice<UInt8>?
        var data: Range<Int>?
        // The RIFF size field is ignored: streaming writers leave it 0 or 0xFFFFFFFF, and the
        // chunk sizes (clamped to the file) are all that is needed.
        var offset = 12
        while formatChunk == nil || data == nil, let id = bytes.fourCC(at: offset),
              let declaredSize = bytes.uint32(at: offset + 4) {
            let body = offset + 8
            let available = bytes.count - body
            // Int(UInt32) cannot trap on a 64-bit platform; sizes past the end are clamped here.
            let size = Int(declaredSize)
            var length = min(size, available)
            switch id {
            case "fmt " where formatChunk == nil:
                formatChunk = bytes.bytes[body..<(body + length)]
            case "data" where data == nil:
                // A writer that could not seek back leaves 0 (or 0xFFFFFFFF, clamped above) and
                // the samples run to the end of the file.
                if size == 0, available > 0, !bytes.looksLikeChunkHeader(at: body) {
                    length = available
                }
                data = body..<(body + length)
            default:
                break
            }
            offset = Self.nextChunk(after: body, length: length, declaredSize: size, in: bytes)
        }
        guard let formatChunk else { throw .missingFormatChunk }
        guard let data else { throw .missingDataChunk }
        self.formatChunk = formatChunk
        self.data = data
    }

    /// Chunks are padded to an even length, but some writers forget the pad octet: take
    /// whichever of the two candidate offsets starts something that looks like a chunk.
    private static func nextChunk(after body: Int, length: Int, declaredSize: Int, in bytes: LittleEndianBytes) -> Int {
        let unpadded = body + length
        guard length == declaredSize, declaredSize % 2 == 1 else { return unpadded }
        let padded = unpadded + 1
        if !bytes.looksLikeChunkHeader(at: padded), bytes.looksLikeChunkHeader(at: unpadded) {
            return unpadded
        }
        return padded
    }
}
