/// One outstanding STUN request of the agent, retransmitted over UDP until it is answered or
/// gives up (RFC 8489 §6.2.1).
struct ICETransaction: Sendable {
    enum Kind: Sendable, Hashable {
        /// A connectivity check (RFC 8445 §7.2.4). The role and priority are those written into
        /// the request: a 487 answer is judged against the role the request claimed
        /// (§7.2.5.1), and a peer-reflexive local candidate gets the priority it carried
        /// (§7.2.5.3.1).
        case check(pairID: Int, role: ICERole, priority: UInt32, useCandidate: Bool)
        /// A consent freshness check on the selected pair (RFC 7675 §5.1).
        case consent(pairID: Int)
        /// A Binding request to a STUN server, for a server-reflexive candidate (RFC 8445 §5.1.1.2).
        case serverReflexive(server: TransportAddress)
    }

    let id: STUNTransactionID
    let kind: Kind
    let bytes: [UInt8]
    let source: TransportAddress
    let destination: TransportAddress
    let policy: STUNRetransmissionPolicy
    let startedAt: ContinuousClock.Instant
    private(set) var transmissions = 1
    /// When to retransmit, or when to give up after the last transmission.
    private(set) var nextEvent: ContinuousClock.Instant
    /// Cancelled (§7.3.1.4): no more retransmissions and no failure on timeout, but a response
    /// that still arrives counts.
    private(set) var isCancelled = false

    init(id: STUNTransactionID, kind: Kind, bytes: [UInt8], source: TransportAddress,
         destination: TransportAddress, policy: STUNRetransmissionPolicy, now: ContinuousClock.Instant) {
        self.id = id
        self.kind = kind
        self.bytes = bytes
        self.source = source
        self.destination = destination
        self.policy = policy
        startedAt = now
        nextEvent = now + (policy.maximumTransmissions > 1 ? policy.initialRTO : policy.initialRTO * policy.finalWaitMultiplier)
    }

    var transmit: ICETransmit {
        ICETransmit(bytes: bytes, source: source, destination: destination)
    }

    var pairID: Int? {
        switch kind {
        case .check(let pairID, _, _, _), .consent(let pairID): pairID
        case .serverReflexive: nil
        }
    }

    var isCheck: Bool {
        if case .check = kind { return true }
        return false
    }

    enum Step {
        case retransmit
        case timedOut
    }

    /// Called at `nextEvent`: either another transmission is due (and scheduled here) or the
    /// transaction has timed out.
    mutating func step(now: ContinuousClock.Instant) -> Step {
        guard !isCancelled, transmissions < policy.maximumTransmissions else { return .timedOut }
        transmissions += 1
        if transmissions < policy.maximumTransmissions {
            nextEvent = now + policy.initialRTO * (1 << min(transmissions - 1, 30))
        } else {
            nextEvent = now + policy.initialRTO * policy.finalWaitMultiplier
        }
        return .retransmit
    }

    mutating func cancel() {
        isCancelled = true
        nextEvent = max(nextEvent, startedAt + policy.totalTimeout)
    }
}

/// The agent's randomness behind one Sendable value, so tests can inject a seeded generator.
struct ICERandom: RandomNumberGenerator, Sendable {
    private var base: any RandomNumberGenerator & Sendable

    init(_ base: some RandomNumberGenerator & Sendable) {
        self.base = base
    }

    mutating func next() -> UInt64 {
        base.next()
    }
}
