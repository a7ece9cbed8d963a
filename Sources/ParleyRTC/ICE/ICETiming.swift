/// The agent's timers, each named after the RFC rule it implements.
public enum ICETiming {
    /// Ta, the pacing of new STUN transactions from one agent. RFC 8445 §14.2 suggests 50 ms
    /// and allows any value down to 5 ms. Parley's agent has few pairs (a host candidate per
    /// interface, plus peer-reflexive ones), and the controlling side's nominating check waits
    /// one Ta behind the first successful check: at 50 ms that wait was most of a loopback
    /// call's set-up (`parley bench call`), at 20 ms the checks still stay under 50 a second.
    public static let pacing: Duration = .milliseconds(20)

    /// The minimum retransmission timeout of a connectivity check (RFC 8445 §14.3:
    /// RTO = MAX(500 ms, Ta × (Waiting + In-Progress pairs))).
    public static let minimumCheckRTO: Duration = .milliseconds(500)

    /// The basic period between consent checks on the selected pair; each interval is drawn
    /// uniformly from 0.8 to 1.2 times it, so 4 to 6 s (RFC 7675 §5.1).
    public static let consentCheckInterval: Duration = .seconds(5)

    /// Consent is lost when no response to a consent check has arrived for this long
    /// (RFC 7675 §5.1).
    public static let consentTimeout: Duration = .seconds(30)

    /// No response, no check from the peer and no media for this long makes a connected agent
    /// `disconnected`. RFC 7675 §5.1 leaves this to the implementation; it is longer than the
    /// longest consent interval (6 s) so that one lost check or response does not flap the state.
    public static let disconnectedTimeout: Duration = .seconds(8)

    /// With no pair selected this long after checks began, the agent fails. Not an RFC number:
    /// browsers give up after about 30 s too, and it matches the consent timeout.
    public static let checkingTimeout: Duration = .seconds(30)
}

/// How one STUN transaction over UDP retransmits (RFC 8489 §6.2.1): the request goes out
/// `maximumTransmissions` (Rc) times, each wait doubling from `initialRTO`, and the transaction
/// fails `finalWaitMultiplier` (Rm) × `initialRTO` after the last one.
struct STUNRetransmissionPolicy: Sendable, Hashable {
    var initialRTO: Duration
    var maximumTransmissions: Int
    var finalWaitMultiplier: Int

    /// RFC 8489 §6.2.1 defaults, Rc = 7 and Rm = 16: with a 500 ms RTO the requests go out at
    /// 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s and the check fails at 39.5 s.
    static func connectivityCheck(rto: Duration) -> STUNRetransmissionPolicy {
        STUNRetransmissionPolicy(initialRTO: rto, maximumTransmissions: 7, finalWaitMultiplier: 16)
    }

    /// Binding requests to a STUN server use the same RFC 8489 §6.2.1 defaults.
    static let serverReflexive = STUNRetransmissionPolicy(
        initialRTO: ICETiming.minimumCheckRTO, maximumTransmissions: 7, finalWaitMultiplier: 16)

    /// A consent check is sent at 0, 0.5, 1.5 and 3.5 s and given up at 4 s, before the next
    /// one (at least 4 s later) replaces it. RFC 7675 §5.1 counts only the 30 s since the last
    /// response, so a lost transaction is no failure by itself.
    static let consent = STUNRetransmissionPolicy(
        initialRTO: ICETiming.minimumCheckRTO, maximumTransmissions: 4, finalWaitMultiplier: 1)

    /// The time from the first transmission to giving up: RTO × (2^(Rc-1) - 1 + Rm).
    var totalTimeout: Duration {
        var total: Duration = .zero
        var wait = initialRTO
        for _ in 1..<max(maximumTransmissions, 1) {
            total += wait
            wait *= 2
        }
        return total + initialRTO * finalWaitMultiplier
    }
}
