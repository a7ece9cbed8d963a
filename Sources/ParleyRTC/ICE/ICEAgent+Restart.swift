/// ICE restart (RFC 8445 §9): new local credentials, and everything learnt about the peer
/// forgotten. Local candidates stay and are reported again, since the new generation has to
/// signal them again.
extension ICEAgent {
    /// Restarts with `credentials` (new ones: RFC 8445 §9 requires a new ufrag and password).
    /// The remote credentials and candidates of the new generation follow through
    /// `setRemoteCredentials` and `addRemoteCandidate`. `selectedPair` is nil until the new
    /// generation selects one; the driver may keep sending media on the old pair meanwhile.
    /// A role may be given when the restart's offer/answer changes who is controlling.
    public mutating func restart(credentials: ICECredentials, role newRole: ICERole? = nil, now: ContinuousClock.Instant) {
        guard connectionState != .closed else { return }
        localCredentials = credentials
        remoteCredentials = nil
        resetRemoteState()
        if let newRole, newRole != role {
            switchRole(to: newRole)
        }
        nextTransactionAt = nil
        setState(.new)
        for local in localCandidates where local.type == .host || local.type == .srflx {
            events.append(.localCandidate(local.candidate))
        }
        if gatheringCompleteReported {
            events.append(.gatheringComplete)
        }
        advance(now)
    }
}
