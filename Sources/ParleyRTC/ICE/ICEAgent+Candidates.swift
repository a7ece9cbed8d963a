/// Local and remote candidates, credentials, and forming pairs from them (RFC 8445 §5, §6.1.2;
/// RFC 8838 §10 for pairs formed while checks already run).
extension ICEAgent {
    /// Adds a host candidate: a local address the driver has a UDP socket bound to, which is
    /// also its base. Call in the order of the driver's interface preference: the order sets the
    /// local preference (RFC 8445 §5.1.2.1). Returns the candidate to signal, also reported as
    /// `.localCandidate`; nil for a duplicate or an address that cannot be a candidate.
    @discardableResult
    public mutating func addLocalCandidate(_ address: TransportAddress, now: ContinuousClock.Instant) -> ICECandidate? {
        guard isActive, ICEAgent.isUsable(address),
              !localCandidates.contains(where: { $0.base == address || $0.address == address })
        else { return nil }
        let order = localCandidates.filter { $0.type == .host && $0.address.ip.isIPv4 == address.ip.isIPv4 }.count
        let local = ICELocalCandidate(
            type: .host, address: address, base: address,
            localPreference: ICEPriority.localPreference(isIPv6: !address.ip.isIPv4, order: order),
            foundation: foundation(type: .host, base: address.ip))
        localCandidates.append(local)
        events.append(.localCandidate(local.candidate))
        for server in stunServers where server.ip.isIPv4 == address.ip.isIPv4 {
            pendingServerReflexive.append((base: address, server: server))
        }
        for remote in remoteCandidates {
            addPair(local: local, remote: remote)
        }
        advance(now)
        return local.candidate
    }

    /// The peer's ufrag and password, from its SDP. Checks wait for them; checks that arrive
    /// before them are answered at once (only the local password is needed for that).
    /// Different credentials than before mean the peer restarted ICE: everything learnt from
    /// the old ones is dropped.
    public mutating func setRemoteCredentials(_ credentials: ICECredentials, now: ContinuousClock.Instant) {
        guard isActive, credentials != remoteCredentials else { return }
        if remoteCredentials != nil {
            resetRemoteState()
            setState(.new)
        }
        remoteCredentials = credentials
        advance(now)
    }

    /// Adds a signalled (SDP or trickled) candidate of the peer. Never fails: candidates Parley
    /// cannot use are skipped and the outcome says why.
    @discardableResult
    public mutating func addRemoteCandidate(_ candidate: ICECandidate, now: ContinuousClock.Instant) -> ICERemoteCandidateOutcome {
        guard isActive else { return .skipped(.agentInactive) }
        guard candidate.transport == .udp else { return .skipped(.notUDP) }
        guard candidate.componentID == ICEPriority.rtpComponent else { return .skipped(.notComponentOne) }
        if let ufrag = candidate.ufrag, let remote = remoteCredentials, ufrag != remote.ufrag {
            return .skipped(.otherGeneration)
        }
        guard let ip = IPAddress(candidate.address) else {
            guard candidate.isMDNSHostname else { return .skipped(.unusableAddress) }
            guard !unresolvedRemoteCandidates.contains(where: {
                $0.address.lowercased() == candidate.address.lowercased() && $0.port == candidate.port
            }) else { return .skipped(.duplicate) }
            guard unresolvedRemoteCandidates.count < ICEAgent.maximumRemoteCandidates else { return .skipped(.tooMany) }
            unresolvedRemoteCandidates.append(candidate)
            return .unresolved
        }
        let address = TransportAddress(ip: ip, port: candidate.port)
        guard ICEAgent.isUsable(address) else { return .skipped(.unreachable) }
        let remote = ICERemoteCandidate(candidate: candidate, address: address)
        if let index = remoteCandidates.firstIndex(where: { $0.address == address }) {
            guard remoteCandidates[index].type == .prflx else { return .skipped(.duplicate) }
            replacePeerReflexive(at: index, with: remote)
            advance(now)
            return .added
        }
        guard remoteCandidates.count < ICEAgent.maximumRemoteCandidates else { return .skipped(.tooMany) }
        addRemote(remote)
        advance(now)
        return .added
    }

    /// The driver resolved an mDNS name the peer signalled (optional: without it, the address
    /// is learnt from the peer's checks).
    public mutating func remoteHostnameResolved(_ hostname: String, to ip: IPAddress, now: ContinuousClock.Instant) {
        let name = hostname.lowercased()
        let matching = unresolvedRemoteCandidates.filter { $0.address.lowercased() == name }
        unresolvedRemoteCandidates.removeAll { $0.address.lowercased() == name }
        for var candidate in matching {
            candidate.address = ip.description
            addRemoteCandidate(candidate, now: now)
        }
        advance(now)
    }

    /// The peer signalled end-of-candidates (RFC 8838 §8): once every pair has failed, the
    /// agent may fail.
    public mutating func remoteEndOfCandidates(now: ContinuousClock.Instant) {
        guard isActive else { return }
        remoteEndOfCandidatesReceived = true
        advance(now)
    }

    // MARK: Internals

    static func isUsable(_ address: TransportAddress) -> Bool {
        guard address.port != 0 else { return false }
        switch address.ip {
        case .v4(let value): return value != 0
        case .v6(let high, let low): return high != 0 || low != 0
        }
    }

    /// Same type, same base IP and (for server-reflexive) same server share a foundation
    /// (RFC 8445 §5.1.1.3). Foundations are small numbers in order of first use.
    mutating func foundation(type: ICECandidate.CandidateType, base: IPAddress, server: IPAddress? = nil) -> String {
        let key = "\(type.token) \(base) \(server.map(String.init(describing:)) ?? "-")"
        if let known = foundations[key] { return known }
        let value = String(foundations.count + 1)
        foundations[key] = value
        return value
    }

    /// The peer signalled a candidate already learnt from its checks: the signalled type,
    /// priority and foundation replace the made-up ones (RFC 8445 §7.3.1.3 leaves them
    /// provisional), and the pairs using it are re-prioritised.
    mutating func replacePeerReflexive(at index: Int, with remote: ICERemoteCandidate) {
        remoteCandidates[index] = remote
        for pairIndex in pairs.indices where pairs[pairIndex].remote.address == remote.address {
            pairs[pairIndex].remote = remote
            pairs[pairIndex].priority = ICECandidatePair.priority(local: pairs[pairIndex].local, remote: remote, role: role)
        }
        sortPairs()
    }

    mutating func addRemote(_ remote: ICERemoteCandidate) {
        remoteCandidates.append(remote)
        // Only host candidates pair: a server-reflexive candidate's pair would be redundant
        // with its base's (§6.1.2.4), and peer-reflexive ones arise from checks.
        for local in localCandidates where local.type == .host {
            addPair(local: local, remote: remote)
        }
    }

    /// Forms a check-list pair if the families match and no pair already uses the same base
    /// and remote address (§6.1.2.2, §6.1.2.4). Returns its ID (the existing one for a
    /// redundant pair).
    @discardableResult
    mutating func addPair(local: ICELocalCandidate, remote: ICERemoteCandidate) -> Int? {
        guard local.address.ip.isIPv4 == remote.address.ip.isIPv4 else { return nil }
        if let existing = pairs.first(where: { $0.isInCheckList && $0.local.base == local.base && $0.remote.address == remote.address }) {
            return existing.id
        }
        guard pairs.count < ICEAgent.maximumPairs else { return nil }
        let foundation = local.foundation + ":" + remote.foundation
        let pair = ICECandidatePair(id: nextPairID, local: local, remote: remote, role: role, state: initialState(foundation: foundation))
        nextPairID += 1
        pairs.append(pair)
        sortPairs()
        return pair.id
    }

    /// RFC 8838 §10 for a pair added to a running check list (and §6.1.2.6 when it is the
    /// first): Waiting if its foundation already succeeded or has nothing under way,
    /// otherwise Frozen behind the pair of the same foundation that is.
    func initialState(foundation: String) -> ICECandidatePair.State {
        let sameFoundation = pairs.filter { $0.isInCheckList && $0.foundation == foundation }
        if sameFoundation.contains(where: { $0.state == .succeeded }) { return .waiting }
        if sameFoundation.contains(where: { $0.state == .waiting || $0.state == .inProgress }) { return .frozen }
        return .waiting
    }

    /// Forgets the peer: its candidates, every pair and check, the selection. Local
    /// candidates and server-reflexive gathering stay.
    mutating func resetRemoteState() {
        remoteCandidates.removeAll()
        unresolvedRemoteCandidates.removeAll()
        pairs.removeAll()
        triggeredChecks.removeAll()
        transactions.removeAll { $0.pairID != nil }
        localCandidates.removeAll { $0.type == .prflx }
        peerReflexiveRemoteCount = 0
        remoteEndOfCandidatesReceived = false
        selectedPairID = nil
        nominatingPairID = nil
        isConcluded = false
        checkingStartedAt = nil
        lastConsentAt = nil
        lastActivityAt = nil
        nextConsentCheckAt = nil
    }
}
