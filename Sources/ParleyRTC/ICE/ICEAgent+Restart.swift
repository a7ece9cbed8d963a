/// ICE restart (RFC 8445 §9): new local credentials, and everything learnt about the peer
/// forgotten. Local candidates stay and are reported again, since the new generation has to
/// signal them again.
extension ICEAgent {
    /// Restarts with `credentials` (new ones: RFC 8445 §9 requires a new ufrag and password).
    /// The remote credentials and candidates of the new generation follow through
    /// `setRemoteCredentials` and `addRemoteCandidate`. `selectedPair` is nil until the new
    /// generation selects one; the driver may keep sending media on the old pair meanwhile.
    /// A role may be given when the restart's offer/answer changes who is controlling.
    ///
    /// With `discardingLocalCandidates` the new generation starts with no local candidates
    /// and gathering starts over: the driver binds new sockets (new ports) and adds them.
    /// Browsers key remote candidates by address, so a restart that signals the same address
    /// again can leave them checking it with the old credentials.
    public mutating func restart(credentials: ICECredentials, role newRole: ICERole? = nil,
                                 discardingLocalCandidates: Bool = false, now: ContinuousClock.Instant) {
        guard connectionState != .closed else { return }
        // Media goes on over the old pair until the new generation has one (§9), so the peer's
        // consent checks on it must still be answered, or it would take the restart for a failure.
        if let remoteCredentials, selectedPairID != nil || previousGeneration == nil {
            previousGeneration = ICEPreviousGeneration(localCredentials: localCredentials, remoteUfrag: remoteCredentials.ufrag)
        }
        localCredentials = credentials
        remoteCredentials = nil
        resetRemoteState()
        if let newRole, newRole != role {
            switchRole(to: newRole)
        }
        nextTransactionAt = nil
        setState(.new)
        if discardingLocalCandidates {
            localCandidates.removeAll()
            pendingServerReflexive.removeAll()
            transactions.removeAll()
            localGatheringFinished = false
            gatheringCompleteReported = false
        } else {
            for local in localCandidates where local.type == .host || local.type == .srflx {
                events.append(.localCandidate(local.candidate))
            }
            if gatheringCompleteReported {
                events.append(.gatheringComplete)
            }
        }
        advance(now)
    }
}

/// The credentials of the generation before a restart: enough to answer its checks.
struct ICEPreviousGeneration: Sendable {
    var localCredentials: ICECredentials
    var remoteUfrag: String
}
