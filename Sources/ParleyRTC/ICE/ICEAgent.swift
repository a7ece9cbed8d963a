/// A full ICE agent (RFC 8445) with trickle (RFC 8838) and consent freshness (RFC 7675), for
/// one component over UDP, without I/O.
///
/// The driver owns the sockets and the clock. It feeds the agent local addresses, signalled
/// remote candidates, received STUN datagrams (`handleDatagram`) and timeouts
/// (`handleTimeout` at `nextDeadline`), each with the current time, and after every call
/// drains `pollTransmit()` and `pollEvent()` until they return nil.
public struct ICEAgent: Sendable {
    public private(set) var role: ICERole
    /// Settles role conflicts (§7.3.1.1). Any value is legal, zero included.
    public let tieBreaker: UInt64
    public internal(set) var localCredentials: ICECredentials
    public internal(set) var remoteCredentials: ICECredentials?
    public internal(set) var connectionState: ICEConnectionState = .new

    /// Host, server-reflexive and peer-reflexive candidates, in the order they were found.
    public internal(set) var localCandidates: [ICELocalCandidate] = []
    /// Signalled candidates with an IP address, and peer-reflexive ones learnt from checks.
    public internal(set) var remoteCandidates: [ICERemoteCandidate] = []
    /// Signalled mDNS candidates not (yet) resolved to an address.
    public internal(set) var unresolvedRemoteCandidates: [ICECandidate] = []

    /// RFC 8445 §6.1.2.5 suggests a limit of 100 pairs; remote candidates are capped too
    /// because a peer (or anyone with its password) can make the agent learn them.
    public static let maximumPairs = 100
    public static let maximumRemoteCandidates = 50

    /// Check list and valid list, highest priority first.
    var pairs: [ICECandidatePair] = []
    var nextPairID = 0
    /// §6.1.4.1 triggered-check queue, FIFO of pair IDs.
    var triggeredChecks: [Int] = []
    var transactions: [ICETransaction] = []

    var stunServers: [TransportAddress] = []
    /// Server-reflexive requests waiting for their pacing slot: (base, server).
    var pendingServerReflexive: [(base: TransportAddress, server: TransportAddress)] = []
    var localGatheringFinished = false
    var gatheringCompleteReported = false
    var foundations: [String: String] = [:]
    var peerReflexiveRemoteCount = 0

    var remoteEndOfCandidatesReceived = false
    var selectedPairID: Int?
    /// After a restart, the generation before it, whose checks (the peer's consent on the old
    /// pair) are still answered until the new generation selects a pair.
    var previousGeneration: ICEPreviousGeneration?
    /// The pair the controlling agent has sent USE-CANDIDATE on and awaits an answer for.
    var nominatingPairID: Int?
    /// A pair is selected: no more ordinary checks (RFC 8445 §8.1.2). Triggered checks go on.
    var isConcluded = false

    /// When the next new transaction may start (Ta pacing, §14.2).
    var nextTransactionAt: ContinuousClock.Instant?
    var checkingStartedAt: ContinuousClock.Instant?
    /// The last authenticated success response on the selected pair (RFC 7675).
    var lastConsentAt: ContinuousClock.Instant?
    /// The last sign of life from the peer: a response, a check, or media.
    var lastActivityAt: ContinuousClock.Instant?
    var nextConsentCheckAt: ContinuousClock.Instant?

    var outgoing: [ICETransmit] = []
    var events: [ICEEvent] = []
    var random: ICERandom

    /// - Parameters:
    ///   - role: controlling for the offerer (RFC 8445 §6.1.1, JSEP).
    ///   - credentials: this agent's ufrag and password, e.g. `ICECredentials.random()`.
    ///   - tieBreaker: a random 64-bit number (§7.1.1).
    ///   - random: transaction IDs and consent intervals are drawn from it.
    public init(
        role: ICERole,
        credentials: ICECredentials,
        tieBreaker: UInt64,
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) {
        self.role = role
        self.tieBreaker = tieBreaker
        localCredentials = credentials
        self.random = ICERandom(random)
    }

    // MARK: Output

    /// The next datagram to send, in order.
    public mutating func pollTransmit() -> ICETransmit? {
        outgoing.isEmpty ? nil : outgoing.removeFirst()
    }

    public mutating func pollEvent() -> ICEEvent? {
        events.isEmpty ? nil : events.removeFirst()
    }

    /// The pair media goes over, once one is nominated.
    public var selectedPair: ICECandidatePair? {
        selectedPairID.flatMap { pair(withID: $0) }
    }

    /// All pairs, check list and valid list together, highest priority first.
    public var candidatePairs: [ICECandidatePair] { pairs }

    /// True while the agent still reacts to input: not failed and not closed.
    var isActive: Bool {
        switch connectionState {
        case .failed, .closed: false
        default: true
        }
    }

    // MARK: Lifecycle

    /// Stops everything. Pending output is dropped; later input is ignored.
    public mutating func close() {
        guard connectionState != .closed else { return }
        transactions.removeAll()
        triggeredChecks.removeAll()
        pendingServerReflexive.removeAll()
        outgoing.removeAll()
        nextConsentCheckAt = nil
        setState(.closed)
    }

    // MARK: Shared helpers

    func pair(withID id: Int) -> ICECandidatePair? {
        pairs.first { $0.id == id }
    }

    func pairIndex(withID id: Int) -> Int? {
        pairs.firstIndex { $0.id == id }
    }

    mutating func setState(_ state: ICEConnectionState) {
        guard state != connectionState else { return }
        connectionState = state
        events.append(.stateChanged(state))
    }

    mutating func send(_ message: STUNMessage, integrityKey: [UInt8]?, from source: TransportAddress, to destination: TransportAddress) {
        outgoing.append(ICETransmit(
            bytes: message.encode(integrityKey: integrityKey, fingerprint: true),
            source: source, destination: destination))
    }

    mutating func newTransactionID() -> STUNTransactionID {
        STUNTransactionID.random(using: &random)
    }

    /// Pairs in check-list order: priority, then age so the order is total and repeatable.
    mutating func sortPairs() {
        pairs.sort { $0.priority != $1.priority ? $0.priority > $1.priority : $0.id < $1.id }
    }

    /// RFC 8445 §7.3.1.1: a role switch changes every pair priority.
    mutating func switchRole(to newRole: ICERole) {
        guard newRole != role else { return }
        role = newRole
        for index in pairs.indices {
            pairs[index].priority = ICECandidatePair.priority(local: pairs[index].local, remote: pairs[index].remote, role: newRole)
        }
        sortPairs()
        // A nomination in flight was the controlling agent's; the new controlling agent
        // starts its own (§8.1.1).
        nominatingPairID = nil
        events.append(.roleChanged(newRole))
    }
}
