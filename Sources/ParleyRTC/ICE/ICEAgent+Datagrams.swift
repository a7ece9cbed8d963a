/// The entry point for received STUN datagrams, and the answers to incoming checks
/// (RFC 8445 §7.3).
extension ICEAgent {
    /// A datagram the driver's demultiplexer classed as STUN (first byte 0–3, RFC 7983),
    /// received from `source` on the socket bound to `localBase`. Anything malformed,
    /// unauthenticated or unexpected is dropped or answered with an error; nothing traps.
    public mutating func handleDatagram(_ bytes: [UInt8], from source: TransportAddress, to localBase: TransportAddress, now: ContinuousClock.Instant) {
        guard isActive, let message = try? STUNMessage.decode(bytes), message.type.method == .binding else {
            advance(now)
            return
        }
        // RFC 8489 §7.3: a FINGERPRINT that does not match means this is not STUN at all.
        if message.fingerprint != nil, !message.verifyFingerprint() {
            advance(now)
            return
        }
        switch message.type.messageClass {
        case .request:
            handleCheck(message, from: source, to: localBase, now: now)
        case .successResponse, .errorResponse:
            handleResponse(message, from: source, to: localBase, now: now)
        case .indication:
            break
        }
        advance(now)
    }

    /// An incoming connectivity check (§7.3.1).
    private mutating func handleCheck(_ request: STUNMessage, from source: TransportAddress, to localBase: TransportAddress, now: ContinuousClock.Instant) {
        // RFC 8489 §9.1.3: no USERNAME or no MESSAGE-INTEGRITY is a 400, sent unsigned.
        guard let username = request.username, request.messageIntegrity != nil else {
            reject(request, .badRequest, signed: false, from: localBase, to: source)
            return
        }
        // USERNAME is "local ufrag:remote ufrag" from this side's view (§7.3.1.2).
        let parts = username.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, let previous = previousGeneration, parts[0] == previous.localCredentials.ufrag,
           parts[1] == previous.remoteUfrag, request.verifyIntegrity(key: previous.localCredentials.integrityKey) {
            answerPreviousGeneration(request, credentials: previous.localCredentials, from: localBase, to: source)
            return
        }
        guard parts.count == 2, parts[0] == localCredentials.ufrag, request.verifyIntegrity(key: localCredentials.integrityKey) else {
            reject(request, .unauthorized, signed: false, from: localBase, to: source)
            return
        }
        // A check for another generation of the peer: it may have restarted with credentials
        // signalling has not delivered yet. A 401 would make it fail the pair, so stay silent.
        if let remoteCredentials, parts[1] != remoteCredentials.ufrag { return }
        guard request.unknownComprehensionRequiredAttributes.isEmpty else {
            reject(request, .unknownAttribute, signed: true, from: localBase, to: source)
            return
        }
        guard let priority = request.priority else {
            reject(request, .badRequest, signed: true, from: localBase, to: source)
            return
        }
        guard resolveRoleConflict(request) else {
            reject(request, .roleConflict, signed: true, from: localBase, to: source)
            return
        }

        let response = STUNMessage.bindingSuccessResponse(transactionID: request.transactionID, mappedAddress: source)
        send(response, integrityKey: localCredentials.integrityKey, from: localBase, to: source)
        noteActivity(now)
        beginChecking(now)

        guard let remote = remoteCandidate(at: source, priority: priority),
              let local = localCandidates.first(where: { $0.type == .host && $0.base == localBase }),
              let pairID = addPair(local: local, remote: remote),
              let index = pairIndex(withID: pairID)
        else { return }
        triggerCheck(pairIndex: index)
        if request.useCandidate, role == .controlled {
            followNomination(pairID: pairID, now: now)
        }
    }

    /// A check of the generation before a restart: answered, so the old pair keeps its consent
    /// while the new generation gets going, but it builds no pairs of the new one.
    private mutating func answerPreviousGeneration(_ request: STUNMessage, credentials: ICECredentials,
                                                   from localBase: TransportAddress, to source: TransportAddress) {
        guard request.unknownComprehensionRequiredAttributes.isEmpty else {
            reject(request, .unknownAttribute, signed: true, from: localBase, to: source)
            return
        }
        let response = STUNMessage.bindingSuccessResponse(transactionID: request.transactionID, mappedAddress: source)
        send(response, integrityKey: credentials.integrityKey, from: localBase, to: source)
    }

    /// §7.3.1.1, judged on the presence of the attributes, never their values: a tie-breaker
    /// of zero is legal. Returns false when the request must be answered with 487.
    private mutating func resolveRoleConflict(_ request: STUNMessage) -> Bool {
        switch role {
        case .controlling:
            guard let theirs = request.iceControlling else { return true }
            if tieBreaker >= theirs { return false }
            switchRole(to: .controlled)
            return true
        case .controlled:
            guard let theirs = request.iceControlled else { return true }
            if tieBreaker >= theirs {
                switchRole(to: .controlling)
                nominateIfNeeded()
                return true
            }
            return false
        }
    }

    /// §7.3.1.3: the signalled candidate at the source, or a new peer-reflexive one with the
    /// request's PRIORITY. Nil only when the limit of remote candidates is reached.
    private mutating func remoteCandidate(at source: TransportAddress, priority: UInt32) -> ICERemoteCandidate? {
        if let known = remoteCandidates.first(where: { $0.address == source }) { return known }
        guard remoteCandidates.count < ICEAgent.maximumRemoteCandidates else { return nil }
        peerReflexiveRemoteCount += 1
        // The foundation is arbitrary but must differ from every signalled one.
        let candidate = ICECandidate(
            foundation: "prflx\(peerReflexiveRemoteCount)", componentID: ICEPriority.rtpComponent, transport: .udp,
            priority: priority, address: source.ip.description, port: source.port, type: .prflx)
        let remote = ICERemoteCandidate(candidate: candidate, address: source)
        remoteCandidates.append(remote)
        return remote
    }

    /// §7.3.1.4: a pair the peer's check arrived on is checked back soon, unless it has
    /// already succeeded. An In-Progress check is cancelled and redone.
    private mutating func triggerCheck(pairIndex index: Int) {
        let id = pairs[index].id
        switch pairs[index].state {
        case .succeeded:
            return
        case .inProgress:
            for transactionIndex in transactions.indices where transactions[transactionIndex].isCheck && transactions[transactionIndex].pairID == id {
                transactions[transactionIndex].cancel()
            }
        case .frozen, .waiting, .failed:
            break
        }
        pairs[index].state = .waiting
        enqueueTriggeredCheck(pairID: id)
    }

    private mutating func reject(_ request: STUNMessage, _ error: STUNErrorCode, signed: Bool, from localBase: TransportAddress, to source: TransportAddress) {
        let response = STUNMessage.bindingErrorResponse(to: request, errorCode: error)
        send(response, integrityKey: signed ? localCredentials.integrityKey : nil, from: localBase, to: source)
    }
}
