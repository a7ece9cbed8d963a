/// Answers to the agent's own requests (RFC 8445 §7.2.5, RFC 7675 §5.1).
extension ICEAgent {
    mutating func handleResponse(_ response: STUNMessage, from source: TransportAddress, to localBase: TransportAddress, now: ContinuousClock.Instant) {
        guard let index = transactions.firstIndex(where: { $0.id == response.transactionID }) else { return }
        let transaction = transactions[index]
        if case .serverReflexive = transaction.kind {
            guard source == transaction.destination, localBase == transaction.source else { return }
            transactions.remove(at: index)
            handleServerReflexiveResponse(response, transaction: transaction)
            return
        }
        // RFC 8489 §9.1.4: over UDP, a response that fails integrity, or has none (an
        // unsigned 401 or 400), is discarded as if never received; retransmissions go on.
        // Otherwise anyone could fail a pair with one forged datagram.
        guard let remoteCredentials, response.verifyIntegrity(key: remoteCredentials.integrityKey) else { return }
        transactions.remove(at: index)

        switch transaction.kind {
        case .consent(let pairID):
            guard response.type == .bindingSuccessResponse, source == transaction.destination,
                  localBase == transaction.source
            else { return }
            if pairID == selectedPairID {
                lastConsentAt = now
            }
            noteActivity(now)
        case .check(let pairID, let sentRole, let priority, let useCandidate):
            // §7.2.5.2.1: the response must come from where the request went, to where it
            // came from; otherwise the pair fails.
            guard source == transaction.destination, localBase == transaction.source else {
                checkFailed(pairID: pairID)
                return
            }
            if response.type == .bindingErrorResponse {
                handleCheckError(response, pairID: pairID, sentRole: sentRole)
                return
            }
            guard let mapped = response.xorMappedAddress ?? response.mappedAddress else {
                checkFailed(pairID: pairID)
                return
            }
            checkSucceeded(pairID: pairID, mapped: mapped, priority: priority, useCandidate: useCandidate, now: now)
        case .serverReflexive:
            break
        }
    }

    /// §7.2.5.1: a 487 means both agents claim the same role; switch away from the role the
    /// request claimed (unless that already happened) and check the pair again. Any other
    /// error fails the pair (§7.2.5.2.4).
    private mutating func handleCheckError(_ response: STUNMessage, pairID: Int, sentRole: ICERole) {
        guard response.errorCode?.code == STUNErrorCode.roleConflict.code else {
            checkFailed(pairID: pairID)
            return
        }
        if role == sentRole {
            switchRole(to: sentRole.other)
            nominateIfNeeded()
        }
        if let index = pairIndex(withID: pairID), pairs[index].state != .succeeded {
            pairs[index].state = .waiting
        }
        enqueueTriggeredCheck(pairID: pairID)
    }

    /// §7.2.5.3: the pair succeeds and yields a valid pair, whose local candidate is the one
    /// at the mapped address (a new peer-reflexive one if none is, §7.2.5.3.1).
    private mutating func checkSucceeded(pairID: Int, mapped: TransportAddress, priority: UInt32, useCandidate: Bool, now: ContinuousClock.Instant) {
        guard let index = pairIndex(withID: pairID) else { return }
        let checked = pairs[index]
        let local = localCandidate(mapped: mapped, base: checked.local.base, priority: priority)
        let validID: Int
        if local == checked.local {
            validID = checked.id
        } else if let existing = pairs.first(where: { $0.local == local && $0.remote.address == checked.remote.address }) {
            validID = existing.id
        } else {
            // §7.2.5.3.2: a pair only for the valid list, not the check list.
            let pair = ICECandidatePair(id: nextPairID, local: local, remote: checked.remote, role: role, state: .succeeded, isInCheckList: false)
            nextPairID += 1
            pairs.append(pair)
            sortPairs()
            validID = pair.id
        }
        guard let checkedIndex = pairIndex(withID: pairID), let validIndex = pairIndex(withID: validID) else { return }
        pairs[checkedIndex].state = .succeeded
        pairs[checkedIndex].validPairID = validID
        pairs[validIndex].state = .succeeded
        pairs[validIndex].isValid = true
        noteActivity(now)
        if validID == selectedPairID || pairID == selectedPairID {
            lastConsentAt = now
        }

        // §7.2.5.3.3: the success unfreezes the pairs of the same foundation.
        let foundation = checked.foundation
        for frozenIndex in pairs.indices where pairs[frozenIndex].state == .frozen && pairs[frozenIndex].foundation == foundation {
            pairs[frozenIndex].state = .waiting
        }

        // §7.2.5.3.4 (controlling) and §7.3.1.5 (controlled) nominations.
        if useCandidate, role == .controlling {
            nominate(validPairID: validID, now: now)
        } else if role == .controlled, pairs[checkedIndex].nominateOnSuccess {
            pairs[checkedIndex].nominateOnSuccess = false
            nominate(validPairID: validID, now: now)
        } else {
            nominateIfNeeded()
        }
    }

    private mutating func localCandidate(mapped: TransportAddress, base: TransportAddress, priority: UInt32) -> ICELocalCandidate {
        if let known = localCandidates.first(where: { $0.address == mapped && $0.base == base }) { return known }
        let host = localCandidates.first { $0.type == .host && $0.base == base }
        let candidate = ICELocalCandidate(
            type: .prflx, address: mapped, base: base,
            localPreference: host?.localPreference ?? 0,
            foundation: foundation(type: .prflx, base: base.ip),
            priority: priority)
        localCandidates.append(candidate)
        return candidate
    }
}
