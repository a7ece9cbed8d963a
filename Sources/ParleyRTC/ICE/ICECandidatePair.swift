/// A local and a remote candidate checked together (RFC 8445 §6.1.2).
public struct ICECandidatePair: Sendable, Hashable {
    /// RFC 8445 §6.1.2.6.
    public enum State: Sendable, Hashable {
        case frozen
        case waiting
        case inProgress
        case succeeded
        case failed
    }

    public let local: ICELocalCandidate
    /// Replaced when the peer signals a candidate first learnt as peer-reflexive.
    public internal(set) var remote: ICERemoteCandidate
    /// Depends on the role, so it changes when a role conflict switches it.
    public internal(set) var priority: UInt64
    public internal(set) var state: State
    /// In the valid list (§7.2.5.3.2): a check produced a success whose mapped address is
    /// this pair's local candidate.
    public internal(set) var isValid = false
    /// Nominated (§8.1.1): the controlling agent sent, or the controlled agent received,
    /// USE-CANDIDATE on it and the check succeeded.
    public internal(set) var isNominated = false

    /// The pair foundation: both candidates' foundations (§6.1.2.6).
    public var foundation: String { local.foundation + ":" + remote.foundation }

    let id: Int
    /// False for a pair that only the valid list holds: one made from a peer-reflexive
    /// mapped address (§7.2.5.3.2). It is never scheduled as an ordinary check.
    var isInCheckList: Bool
    /// The valid pair a successful check of this pair produced (§7.2.5.3.2).
    var validPairID: Int?
    /// The controlled agent received USE-CANDIDATE before this pair's own check succeeded
    /// (§7.3.1.5): nominate it when it does.
    var nominateOnSuccess = false

    init(id: Int, local: ICELocalCandidate, remote: ICERemoteCandidate, role: ICERole, state: State, isInCheckList: Bool = true) {
        self.id = id
        self.local = local
        self.remote = remote
        self.state = state
        self.isInCheckList = isInCheckList
        priority = ICECandidatePair.priority(local: local, remote: remote, role: role)
    }

    static func priority(local: ICELocalCandidate, remote: ICERemoteCandidate, role: ICERole) -> UInt64 {
        switch role {
        case .controlling: ICEPriority.pair(controlling: local.priority, controlled: remote.priority)
        case .controlled: ICEPriority.pair(controlling: remote.priority, controlled: local.priority)
        }
    }

    /// The same 5-tuple: same base socket, same remote address (§6.1.2.4 redundancy).
    func sharesPath(with other: ICECandidatePair) -> Bool {
        local.base == other.local.base && remote.address == other.remote.address
    }
}
