import ParleySignaling

/// What one WebSocket connection to a signaling server reports, in order.
public enum SignalingConnectionEvent: Sendable {
    /// The upgrade succeeded; messages may follow.
    case opened
    case message(Envelope)
    /// A text frame that is not an envelope; the connection goes on (the peer may be newer).
    case undecodable(text: String, reason: EnvelopeParseError)
    /// The connection ended; no event follows.
    case closed(SignalingConnectionEnd)
}

/// Why a signaling connection ended, in words a user can act on.
public struct SignalingConnectionEnd: Sendable, Hashable, CustomStringConvertible {
    /// The server's WebSocket close code, when it sent one.
    public var closeCode: Int?
    public var closeReason: String?
    /// Set when the connection failed rather than closed: refused, unreachable, TLS, upgrade.
    public var failure: String?
    /// True when the WebSocket opened before it ended.
    public var wasOpen: Bool
    /// True when we closed it.
    public var closedLocally: Bool

    public init(closeCode: Int? = nil, closeReason: String? = nil, failure: String? = nil,
                wasOpen: Bool, closedLocally: Bool = false) {
        self.closeCode = closeCode
        self.closeReason = closeReason
        self.failure = failure
        self.wasOpen = wasOpen
        self.closedLocally = closedLocally
    }

    public var description: String {
        if let failure { return failure }
        var text = "closed"
        if let closeCode { text += " with code \(closeCode)" }
        if let closeReason, !closeReason.isEmpty { text += " (\(closeReason))" }
        return text
    }
}
