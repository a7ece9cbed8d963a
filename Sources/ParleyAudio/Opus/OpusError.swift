import COpus

/// A failure of the Opus codec: libopus's own error, or input refused before reaching it.
public enum OpusError: Error, Hashable, Sendable, CustomStringConvertible {
    /// libopus returned `code` (negative, an `OPUS_*` error); `message` is its `opus_strerror`.
    case library(code: Int32, message: String)
    /// Not a frame length Opus codes: 2.5, 5, 10, 20, 40 or 60 ms of 48 kHz audio (120 to 2880
    /// samples); for recovery and concealment, any multiple of 2.5 ms up to 120 ms.
    case invalidFrameSize(samples: Int)
    /// An empty packet. libopus would read it as a lost packet and conceal; a caller handing one
    /// over has almost always stripped an RTP packet that was only padding (Chromium's probes).
    case emptyPacket

    init(code: Int32) {
        let text = opus_strerror(code).map { String(cString: $0) } ?? "unknown error"
        self = .library(code: code, message: text)
    }

    public var description: String {
        switch self {
        case let .library(code, message): "libopus error \(code): \(message)"
        case let .invalidFrameSize(samples): "\(samples) samples is not an Opus frame length at 48 kHz"
        case .emptyPacket: "empty Opus packet"
        }
    }

    /// Throws for a negative libopus return value, passes others through.
    @discardableResult
    static func check(_ result: Int32) throws(OpusError) -> Int32 {
        guard result >= 0 else { throw OpusError(code: result) }
        return result
    }
}
