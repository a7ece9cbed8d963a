/// One line of the room's event log.
public struct EventLogLine: Sendable, Equatable {
    public enum Kind: Sendable, Equatable, Hashable {
        case info
        case join
        case leave
        case warning
        case error
    }

    /// Already formatted by the caller (e.g. "14:03:07"), so the layout needs no clock or time zone.
    public var time: String
    public var text: String
    public var kind: Kind

    public init(time: String, text: String, kind: Kind = .info) {
        self.time = time
        self.text = text
        self.kind = kind
    }
}
