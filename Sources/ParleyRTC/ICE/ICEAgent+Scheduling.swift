/// Timers: retransmissions, Ta pacing of new transactions, the check-list scheduler
/// (RFC 8445 §6.1.4.2), consent, liveness and failure.
extension ICEAgent {
    /// Call at (or after) `nextDeadline`.
    public mutating func handleTimeout(now: ContinuousClock.Instant) {
        advance(now)
    }

    /// Media (DTLS, SRTP) arrived from the peer on the selected pair: it is alive, as far as
    /// `disconnected` goes. Consent needs responses to the agent's own checks (RFC 7675 §5.1).
    public mutating func noteIncomingTraffic(now: ContinuousClock.Instant) {
        guard isActive, selectedPairID != nil else { return }
        noteActivity(now)
        advance(now)
    }

    /// The earliest time `handleTimeout` has something to do; nil when nothing is scheduled.
    /// The media driver asks after every datagram and tick, so no array is built for it.
    public var nextDeadline: ContinuousClock.Instant? {
        guard isActive else { return nil }
        var earliest: ContinuousClock.Instant?
        func consider(_ deadline: ContinuousClock.Instant?) {
            if let deadline, earliest.map({ deadline < $0 }) ?? true { earliest = deadline }
        }
        for transaction in transactions { consider(transaction.nextEvent) }
        if hasJobToStart { consider(nextTransactionAt) }
        if selectedPairID != nil {
            consider(nextConsentCheckAt)
            consider(lastConsentAt.map { $0 + ICETiming.consentTimeout })
            if connectionState.isConnected { consider(lastActivityAt.map { $0 + ICETiming.disconnectedTimeout }) }
        } else {
            consider(checkingStartedAt.map { $0 + ICETiming.checkingTimeout })
        }
        return earliest
    }

    /// Runs everything due at `now`. Every entry point ends here, so new work starts at once
    /// when pacing allows.
    mutating func advance(_ now: ContinuousClock.Instant) {
        guard isActive else { return }
        runTransactions(now)
        guard isActive else { return }
        startPacedTransaction(now)
        runConsent(now)
        guard isActive else { return }
        checkLiveness(now)
        checkFailure(now)
        guard isActive else { return }
        reportGatheringComplete()
        refreshConnectedState()
    }

    // MARK: Retransmissions

    private mutating func runTransactions(_ now: ContinuousClock.Instant) {
        var timedOut: [ICETransaction] = []
        for index in transactions.indices where transactions[index].nextEvent <= now {
            switch transactions[index].step(now: now) {
            case .retransmit: outgoing.append(transactions[index].transmit)
            case .timedOut: timedOut.append(transactions[index])
            }
        }
        guard !timedOut.isEmpty else { return }
        let ids = Set(timedOut.map(\.id))
        transactions.removeAll { ids.contains($0.id) }
        for transaction in timedOut where !transaction.isCancelled {
            if case .check(let pairID, _, _, _) = transaction.kind {
                checkFailed(pairID: pairID)
            }
        }
    }

    /// §7.2.5.4 (timeout) and §7.2.5.2.4 (error response): the pair fails.
    mutating func checkFailed(pairID: Int) {
        // A pair being checked again (triggered) is not failed by an older transaction.
        guard !transactions.contains(where: { $0.isCheck && $0.pairID == pairID && !$0.isCancelled }),
              let index = pairIndex(withID: pairID)
        else { return }
        pairs[index].state = .failed
        pairs[index].isValid = false
        if nominatingPairID == pairID {
            nominatingPairID = nil
            nominateIfNeeded()
        }
    }

    // MARK: Pacing and the check-list scheduler

    private enum Job {
        case triggered(Int)
        case serverReflexive(base: TransportAddress, server: TransportAddress)
        case ordinary(Int)
        case unfreeze(Int)
    }

    /// One new transaction per Ta (§14.2).
    private mutating func startPacedTransaction(_ now: ContinuousClock.Instant) {
        if let next = nextTransactionAt, next > now { return }
        guard let job = nextJob() else { return }
        switch job {
        case .triggered(let id):
            triggeredChecks.removeFirst()
            startCheck(pairID: id, now: now)
        case .serverReflexive(let base, let server):
            pendingServerReflexive.removeFirst()
            startServerReflexiveRequest(base: base, server: server, now: now)
        case .ordinary(let id):
            startCheck(pairID: id, now: now)
        case .unfreeze(let id):
            if let index = pairIndex(withID: id) { pairs[index].state = .waiting }
            startCheck(pairID: id, now: now)
        }
        nextTransactionAt = now + ICETiming.pacing
    }

    private var hasJobToStart: Bool { nextJob() != nil }

    /// §6.1.4.2: the triggered-check queue first, then the highest-priority Waiting pair, then
    /// the highest-priority Frozen pair whose foundation has nothing Waiting or In-Progress.
    /// Server-reflexive gathering shares the pacing and goes before ordinary checks.
    private func nextJob() -> Job? {
        let canCheck = remoteCredentials != nil
        if canCheck, let id = triggeredChecks.first { return .triggered(id) }
        if let request = pendingServerReflexive.first { return .serverReflexive(base: request.base, server: request.server) }
        guard canCheck, !isConcluded else { return nil }
        if let waiting = pairs.first(where: { $0.isInCheckList && $0.state == .waiting }) {
            return .ordinary(waiting.id)
        }
        let busy = Set(pairs.filter { $0.state == .waiting || $0.state == .inProgress }.map(\.foundation))
        if let frozen = pairs.first(where: { $0.isInCheckList && $0.state == .frozen && !busy.contains($0.foundation) }) {
            return .unfreeze(frozen.id)
        }
        return nil
    }

    /// Queues a triggered check (§7.3.1.4) once; `first` puts it ahead (nominations).
    mutating func enqueueTriggeredCheck(pairID: Int, first: Bool = false) {
        triggeredChecks.removeAll { $0 == pairID }
        if first {
            triggeredChecks.insert(pairID, at: 0)
        } else {
            triggeredChecks.append(pairID)
        }
    }

    /// Sends a connectivity check on a pair (§7.2.4). A succeeded pair is only checked again to
    /// nominate it, and keeps its state meanwhile.
    private mutating func startCheck(pairID: Int, now: ContinuousClock.Instant) {
        guard let remoteCredentials, let index = pairIndex(withID: pairID) else { return }
        let pair = pairs[index]
        let useCandidate = role == .controlling && nominatingPairID == pairID
        if pair.state == .succeeded, !useCandidate { return }
        let priority = pair.local.peerReflexivePriority
        let id = newTransactionID()
        let request = STUNMessage.iceBindingRequest(
            transactionID: id, localUfrag: localCredentials.ufrag, remoteUfrag: remoteCredentials.ufrag,
            priority: priority, controlling: role == .controlling, tieBreaker: tieBreaker, useCandidate: useCandidate)
        let active = pairs.filter { $0.state == .waiting || $0.state == .inProgress }.count
        let rto = max(ICETiming.minimumCheckRTO, ICETiming.pacing * active)
        let transaction = ICETransaction(
            id: id, kind: .check(pairID: pairID, role: role, priority: priority, useCandidate: useCandidate),
            bytes: request.encode(integrityKey: remoteCredentials.integrityKey, fingerprint: true),
            source: pair.local.base, destination: pair.remote.address,
            policy: .connectivityCheck(rto: rto), now: now)
        transactions.append(transaction)
        outgoing.append(transaction.transmit)
        if pair.state != .succeeded {
            pairs[index].state = .inProgress
        }
        beginChecking(now)
    }

    /// The first check sent or received moves the agent to `checking` and starts the
    /// checking timeout.
    mutating func beginChecking(_ now: ContinuousClock.Instant) {
        guard checkingStartedAt == nil else { return }
        checkingStartedAt = now
        if connectionState == .new {
            setState(.checking)
        }
    }

    // MARK: Consent and liveness

    private mutating func runConsent(_ now: ContinuousClock.Instant) {
        guard let selectedPairID, let lastConsentAt else { return }
        if now >= lastConsentAt + ICETiming.consentTimeout {
            fail(.consentExpired)
            return
        }
        guard let next = nextConsentCheckAt, next <= now, let remoteCredentials,
              let pair = pair(withID: selectedPairID)
        else { return }
        // RFC 7675 §5.1: a new transaction ID for every consent check.
        let id = newTransactionID()
        let request = STUNMessage.iceBindingRequest(
            transactionID: id, localUfrag: localCredentials.ufrag, remoteUfrag: remoteCredentials.ufrag,
            priority: pair.local.peerReflexivePriority, controlling: role == .controlling, tieBreaker: tieBreaker)
        let transaction = ICETransaction(
            id: id, kind: .consent(pairID: selectedPairID),
            bytes: request.encode(integrityKey: remoteCredentials.integrityKey, fingerprint: true),
            source: pair.local.base, destination: pair.remote.address, policy: .consent, now: now)
        transactions.append(transaction)
        outgoing.append(transaction.transmit)
        nextConsentCheckAt = now + consentInterval()
    }

    /// Uniform in 0.8 to 1.2 times the basic period (RFC 7675 §5.1), to the millisecond.
    mutating func consentInterval() -> Duration {
        let basic = ICETiming.consentCheckInterval
        let spread = Int(truncatingIfNeeded: random.next() % 2001)
        return basic * 0.8 + basic * 0.4 * (Double(spread) / 2000)
    }

    mutating func noteActivity(_ now: ContinuousClock.Instant) {
        lastActivityAt = now
        if connectionState == .disconnected {
            setState(.connected)
        }
    }

    private mutating func checkLiveness(_ now: ContinuousClock.Instant) {
        guard connectionState.isConnected, let last = lastActivityAt,
              now >= last + ICETiming.disconnectedTimeout
        else { return }
        setState(.disconnected)
    }

    // MARK: Completion and failure

    /// Connected, or completed once the peer has no more candidates and no check is under way.
    var connectedState: ICEConnectionState {
        let checking = transactions.contains { $0.isCheck && !$0.isCancelled } || !triggeredChecks.isEmpty
        return remoteEndOfCandidatesReceived && !checking ? .completed : .connected
    }

    /// Only upgrades: a triggered check the peer causes later does not take `completed` back.
    private mutating func refreshConnectedState() {
        guard connectionState == .connected else { return }
        setState(connectedState)
    }

    private mutating func checkFailure(_ now: ContinuousClock.Instant) {
        guard selectedPairID == nil else { return }
        if let start = checkingStartedAt, now >= start + ICETiming.checkingTimeout {
            fail(.checkingTimedOut)
            return
        }
        // RFC 8838 §8: failure needs both sides to be done gathering, else a late candidate
        // could still succeed.
        guard remoteEndOfCandidatesReceived, localGatheringFinished, !pairs.isEmpty,
              triggeredChecks.isEmpty, pairs.allSatisfy({ $0.state == .failed }),
              !transactions.contains(where: { $0.isCheck && !$0.isCancelled })
        else { return }
        fail(.allPairsFailed)
    }

    mutating func fail(_ reason: ICEFailureReason) {
        transactions.removeAll()
        triggeredChecks.removeAll()
        pendingServerReflexive.removeAll()
        nextConsentCheckAt = nil
        setState(.failed(reason))
    }
}
