/// Why a WAV file could not be read or written. Every case reads as a sentence a user can act on.
public enum WAVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The first four octets are not `RIFF` (nor `RIFX`/`RF64`, which have their own cases).
    case missingRIFFHeader
    /// A RIFF file whose form type is not `WAVE` (an AVI, a WebP...).
    case notWAVEForm(formType: String)
    /// Big-endian RIFX.
    case bigEndianRIFX
    /// RF64/BW64 (EBU Tech 3306), the 64-bit variant for files over 4 GiB.
    case rf64
    case missingFormatChunk
    case truncatedFormatChunk(size: Int)
    case missingDataChunk
    /// A format tag other than PCM, IEEE float or WAVE_FORMAT_EXTENSIBLE wrapping one of them.
    case unsupportedEncoding(formatTag: UInt16)
    /// WAVE_FORMAT_EXTENSIBLE whose subformat GUID is not a KSDATAFORMAT_SUBTYPE_* of the
    /// standard family (ambisonic B-format and vendor GUIDs).
    case unsupportedSubformat(guid: String)
    case unsupportedSampleSize(bitsPerSample: Int, float: Bool)
    case invalidChannelCount(Int)
    case unsupportedSampleRate(Int)
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    /// The data chunk's 32-bit size field would overflow (about 12 hours of 48 kHz mono PCM16).
    case fileTooLarge(path: String)
    case writerClosed(path: String)

    public var description: String {
        switch self {
        case .missingRIFFHeader:
            "not a WAV file: no RIFF header"
        case .notWAVEForm(let formType):
            "not a WAV file: RIFF form type is \"\(formType)\", not \"WAVE\""
        case .bigEndianRIFX:
            "unsupported WAV file: big-endian RIFX"
        case .rf64:
            "unsupported WAV file: RF64 (64-bit sizes)"
        case .missingFormatChunk:
            "malformed WAV file: no \"fmt \" chunk"
        case .truncatedFormatChunk(let size):
            "malformed WAV file: \"fmt \" chunk of \(size) octets is too short"
        case .missingDataChunk:
            "malformed WAV file: no \"data\" chunk"
        case .unsupportedEncoding(let formatTag):
            "unsupported WAV encoding: format tag \(formatTag) (\(Self.name(ofFormatTag: formatTag)))"
        case .unsupportedSubformat(let guid):
            "unsupported WAV encoding: WAVE_FORMAT_EXTENSIBLE subformat \(guid)"
        case .unsupportedSampleSize(let bits, let float):
            "unsupported WAV encoding: \(bits)-bit \(float ? "float" : "integer PCM") samples"
        case .invalidChannelCount(let count):
            "malformed WAV file: \(count) channels"
        case .unsupportedSampleRate(let rate):
            "unsupported WAV sample rate: \(rate) Hz (8000–192000 Hz are accepted)"
        case .unreadable(let path, let reason):
            "cannot read WAV file \(path): \(reason)"
        case .unwritable(let path, let reason):
            "cannot write WAV file \(path): \(reason)"
        case .fileTooLarge(let path):
            "cannot write WAV file \(path): it would exceed the 4 GiB limit of the format"
        case .writerClosed(let path):
            "cannot write WAV file \(path): the writer is already closed"
        }
    }

    /// Names from the Microsoft registry of format tags (mmreg.h), for the ones met in practice.
    static func name(ofFormatTag tag: UInt16) -> String {
        switch tag {
        case 0x0001: "PCM"
        case 0x0002: "Microsoft ADPCM"
        case 0x0003: "IEEE float"
        case 0x0006: "A-law"
        case 0x0007: "µ-law"
        case 0x0011: "IMA ADPCM"
        case 0x0031: "GSM 6.10"
        case 0x0050: "MPEG"
        case 0x0055: "MP3"
        case 0x00FF: "AAC"
        case 0x0161, 0x0162, 0x0163: "Windows Media Audio"
        case 0x1610: "HE-AAC"
        case 0x2000: "AC-3"
        case 0x6750: "Ogg Vorbis"
        case 0xF1AC: "FLAC"
        case 0xFFFE: "WAVE_FORMAT_EXTENSIBLE"
        default: "unknown"
        }
    }
}
