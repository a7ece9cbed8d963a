/// Server-reflexive candidates (RFC 8445 §5.1.1.2): a Binding request from each base to each
/// STUN server; the XOR-MAPPED-ADDRESS of the answer is the base as the NAT shows it.
extension ICEAgent {
    /// Asks `server` for the mapped address of every host candidate of its family, now and as
    /// more are added. Requests share the Ta pacing with checks.
    public mutating func addSTUNServer(_ server: TransportAddress, now: ContinuousClock.Instant) {
        guard isActive, ICEAgent.isUsable(server), !stunServers.contains(server) else { return }
        stunServers.append(server)
        for local in localCandidates where local.type == .host && local.base.ip.isIPv4 == server.ip.isIPv4 {
            pendingServerReflexive.append((base: local.base, server: server))
        }
        advance(now)
    }

    /// Every host candidate and STUN server has been added. `.gatheringComplete` follows as
    /// soon as the server-reflexive requests have ended.
    public mutating func finishGathering(now: ContinuousClock.Instant) {
        guard isActive else { return }
        localGatheringFinished = true
        advance(now)
    }

    mutating func startServerReflexiveRequest(base: TransportAddress, server: TransportAddress, now: ContinuousClock.Instant) {
        let id = newTransactionID()
        // No credentials: a STUN server for ICE answers anyone (RFC 8489 §9).
        let request = STUNMessage(type: .bindingRequest, transactionID: id)
        let transaction = ICETransaction(
            id: id, kind: .serverReflexive(server: server),
            bytes: request.encode(integrityKey: nil, fingerprint: true),
            source: base, destination: server, policy: .serverReflexive, now: now)
        transactions.append(transaction)
        outgoing.append(transaction.transmit)
    }

    /// The server's answer. An error or a mapping equal to the base (no NAT) gives no candidate.
    mutating func handleServerReflexiveResponse(_ message: STUNMessage, transaction: ICETransaction) {
        guard message.type == .bindingSuccessResponse,
              let mapped = message.xorMappedAddress ?? message.mappedAddress,
              mapped != transaction.source, ICEAgent.isUsable(mapped),
              !localCandidates.contains(where: { $0.address == mapped && $0.base == transaction.source }),
              let host = localCandidates.first(where: { $0.type == .host && $0.base == transaction.source }),
              case .serverReflexive(let server) = transaction.kind
        else { return }
        let candidate = ICELocalCandidate(
            type: .srflx, address: mapped, base: host.base, localPreference: host.localPreference,
            foundation: foundation(type: .srflx, base: host.base.ip, server: server.ip))
        localCandidates.append(candidate)
        events.append(.localCandidate(candidate.candidate))
    }

    mutating func reportGatheringComplete() {
        guard localGatheringFinished, !gatheringCompleteReported, pendingServerReflexive.isEmpty,
              !transactions.contains(where: { if case .serverReflexive = $0.kind { true } else { false } })
        else { return }
        gatheringCompleteReported = true
        events.append(.gatheringComplete)
    }
}
