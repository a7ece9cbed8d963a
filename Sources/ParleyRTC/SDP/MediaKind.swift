/// The `<media>` field of an `m=` line (RFC 8866 §5.14). Open-ended: unknown kinds are kept.
public struct MediaKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let audio = MediaKind(rawValue: "audio")
    public static let video = MediaKind(rawValue: "video")
    /// Data channels (`m=application … UDP/DTLS/SCTP webrtc-datachannel`).
    public static let application = MediaKind(rawValue: "application")
    public static let text = MediaKind(rawValue: "text")
    public static let message = MediaKind(rawValue: "message")

    public var description: String { rawValue }
}
