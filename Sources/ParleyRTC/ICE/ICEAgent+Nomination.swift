/// Nomination (RFC 8445 §8.1.1) and the selected pair.
///
/// The controlling agent uses regular nomination but without delay: as soon as a pair is
/// valid it sends USE-CANDIDATE on the best valid pair. Waiting for end-of-candidates would
/// stall Firefox, which sends no media before nomination. The controlled agent follows the
/// latest nomination it is told of: a controlling peer such as libwebrtc may move the
/// nomination to another pair, and the selected pair should follow it.
extension ICEAgent {
    /// Starts a nomination if this agent is controlling, none is under way and a valid pair
    /// exists. The check goes ahead of every other queued one.
    mutating func nominateIfNeeded() {
        guard role == .controlling, isActive, selectedPairID == nil, nominatingPairID == nil,
              let best = pairs.first(where: { $0.isValid && $0.state == .succeeded })
        else { return }
        nominatingPairID = best.id
        enqueueTriggeredCheck(pairID: best.id, first: true)
    }

    /// §7.3.1.5: USE-CANDIDATE arrived on a pair. If its own check has succeeded, its valid
    /// pair is nominated now; otherwise when the triggered check succeeds.
    mutating func followNomination(pairID: Int, now: ContinuousClock.Instant) {
        guard let index = pairIndex(withID: pairID) else { return }
        if pairs[index].state == .succeeded {
            nominate(validPairID: pairs[index].validPairID ?? pairID, now: now)
        } else {
            pairs[index].nominateOnSuccess = true
        }
    }

    mutating func nominate(validPairID: Int, now: ContinuousClock.Instant) {
        guard let index = pairIndex(withID: validPairID) else { return }
        pairs[index].isNominated = true
        if nominatingPairID == validPairID {
            nominatingPairID = nil
        }
        select(pairID: validPairID, now: now)
    }

    /// Media goes over this pair from now on; ordinary checks stop (§8.1.2) and consent
    /// freshness starts (RFC 7675 §5.1).
    private mutating func select(pairID: Int, now: ContinuousClock.Instant) {
        guard selectedPairID != pairID, let pair = pair(withID: pairID) else { return }
        selectedPairID = pairID
        isConcluded = true
        // §8.1.2: checks still under way on other pairs are no longer needed; an answer that
        // still arrives is taken, but none is waited for.
        for index in transactions.indices where transactions[index].isCheck && transactions[index].pairID != pairID {
            transactions[index].cancel()
        }
        lastConsentAt = now
        lastActivityAt = now
        nextConsentCheckAt = now + consentInterval()
        previousGeneration = nil
        events.append(.selectedPairChanged(local: pair.local, remote: pair.remote))
        // Connected first even when already complete: `completed` follows in `advance`.
        if connectionState != .completed {
            setState(.connected)
        }
    }
}
