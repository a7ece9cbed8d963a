/// The agent's overall state, in the words of the W3C `RTCIceConnectionState`, which is what a
/// user interface shows and what browsers report for the same call.
public enum ICEConnectionState: Sendable, Hashable {
    /// Waiting for remote credentials and candidates.
    case new
    /// Checks are running and no pair has been selected yet.
    case checking
    /// A nominated pair is selected; media may flow.
    case connected
    /// Connected, the remote side has signalled end-of-candidates and no check is outstanding.
    case completed
    /// Connected before, but neither responses nor the peer's own checks or media have arrived
    /// for `ICETiming.disconnectedTimeout`. Goes back to connected when traffic resumes.
    case disconnected
    /// Terminal until `restart`.
    case failed(ICEFailureReason)
    /// `close` was called.
    case closed

    /// True for connected and completed: a pair is selected and alive.
    public var isConnected: Bool {
        self == .connected || self == .completed
    }
}

/// Why the agent gave up.
public enum ICEFailureReason: Sendable, Hashable, CustomStringConvertible {
    /// No response on the selected pair for 30 s (RFC 7675 §5.1).
    case consentExpired
    /// Every pair failed after both sides finished gathering (RFC 8445 §8.1.2, RFC 8838 §8).
    case allPairsFailed
    /// No pair was selected within `ICETiming.checkingTimeout` of the first check.
    case checkingTimedOut

    public var description: String {
        switch self {
        case .consentExpired: "consent expired"
        case .allPairsFailed: "all candidate pairs failed"
        case .checkingTimedOut: "no candidate pair selected in time"
        }
    }
}
