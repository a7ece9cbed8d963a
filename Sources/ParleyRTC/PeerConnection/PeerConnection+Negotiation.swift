/// Offer/answer (RFC 8829) and trickle ICE signalling. The offerer is ICE-controlling
/// (RFC 8445 §6.1.1); the answerer to an actpass offer is DTLS client (`a=setup:active`,
/// RFC 5763 §5).
extension PeerConnection {
    /// Makes the offer and applies it as the local description. After the first exchange this
    /// is a renegotiation offer on the same DTLS association; `iceRestart` gives it new ICE
    /// credentials (RFC 8445 §9), which is what recovers a connection whose path died.
    public func createOffer(iceRestart: Bool = false, now: ContinuousClock.Instant) throws(PeerConnectionError) -> SessionDescription {
        guard !isClosed else { throw .invalidState("closed") }
        if remoteDescription != nil {
            return try createSubsequentOffer(iceRestart: iceRestart, now: now)
        }
        guard localDescriptionType != .answer else {
            throw .invalidState("an offer while answering")
        }
        let version = (localDescription.flatMap { UInt64($0.origin.sessionVersion) } ?? 0) &+ 1
        let offer: SessionDescription
        do {
            offer = try JSEP.makeOffer(local: localParameters(version: version))
        } catch {
            throw .sdp(error)
        }
        localDescriptionType = .offer
        localDescription = offer
        startICE(role: .controlling, now: now)
        pump(now: now)
        return offer
    }

    /// The answer to the offer given to `setRemoteDescription`, applied as the local description.
    public func createAnswer() throws(PeerConnectionError) -> SessionDescription {
        guard !isClosed else { throw .invalidState("closed") }
        guard let answer = pendingAnswer ?? (localDescriptionType == .answer ? localDescription : nil) else {
            throw .invalidState("no remote offer to answer")
        }
        localDescription = answer
        pendingAnswer = nil
        return answer
    }

    /// Applies the peer's offer (we become the answerer; call `createAnswer()` next) or its
    /// answer to our offer. Candidates in the description are added; trickled ones that
    /// arrived earlier are applied now.
    public func setRemoteDescription(_ description: SessionDescription, type: DescriptionType,
                                     now: ContinuousClock.Instant) throws(PeerConnectionError) {
        guard !isClosed else { throw .invalidState("closed") }
        if remoteDescription != nil {
            try applySubsequentRemoteDescription(description, type: type, now: now)
            return
        }
        let result: NegotiatedAudio
        switch type {
        case .offer:
            guard localDescriptionType == nil else { throw .invalidState("an offer crossed ours (glare)") }
            let answer: JSEPAnswer
            do {
                answer = try JSEP.makeAnswer(to: description, local: localParameters(version: 1))
            } catch {
                throw .sdp(error)
            }
            result = answer.negotiated
            try prepareTransports(for: result)
            localDescriptionType = .answer
            pendingAnswer = answer.description
            startICE(role: .controlled, now: now)
        case .answer:
            guard localDescriptionType == .offer, let offer = localDescription else {
                throw .invalidState("an answer without our offer")
            }
            do {
                result = try JSEP.processAnswer(description, toOffer: offer)
            } catch {
                throw .sdp(error)
            }
            try prepareTransports(for: result)
        }
        remoteDescription = description
        negotiated = result
        applyRemoteICE(result, now: now)
        startDTLSIfReady(now: now)
        pump(now: now)
    }

    /// A trickled remote candidate or end-of-candidates (RFC 8838). Kept until the remote
    /// description has arrived if it comes first. Candidates Parley cannot use (TCP, RTCP
    /// component, unknown hosts) are skipped, never an error.
    public func addRemoteCandidate(_ candidate: ICECandidate.Trickled, now: ContinuousClock.Instant) {
        guard !isClosed else { return }
        guard negotiated != nil, ice != nil else {
            pendingRemoteCandidates.append(candidate)
            return
        }
        applyRemoteCandidate(candidate, now: now)
        pump(now: now)
    }

    /// An address the driver has a UDP socket bound to; it becomes a host candidate, reported
    /// as `.localCandidate` to trickle. Call in order of preference.
    public func addLocalHostAddress(_ address: TransportAddress, now: ContinuousClock.Instant) {
        guard !isClosed else { return }
        guard ice != nil else {
            pendingLocalAddresses.append(address)
            return
        }
        ice?.addLocalCandidate(address, now: now)
        pump(now: now)
    }

    /// Every local address has been given: `.gatheringComplete` follows once server-reflexive
    /// requests have ended.
    public func finishGathering(now: ContinuousClock.Instant) {
        guard !isClosed else { return }
        guard ice != nil else {
            pendingGatheringFinished = true
            return
        }
        ice?.finishGathering(now: now)
        pump(now: now)
    }

    // MARK: Internals

    func localParameters(version: UInt64, credentials: ICECredentials? = nil) -> JSEPLocalParameters {
        let credentials = credentials ?? localCredentials
        return JSEPLocalParameters(
            iceUfrag: credentials.ufrag, icePwd: credentials.password,
            fingerprint: configuration.certificate.fingerprint,
            ssrc: localSSRC, cname: cname, streamID: streamID, trackID: trackID,
            opus: configuration.opus, sends: configuration.sends, receives: configuration.receives,
            sessionID: sessionID, sessionVersion: version)
    }

    /// Everything that can refuse a description, before any state changes.
    private func prepareTransports(for result: NegotiatedAudio) throws(PeerConnectionError) {
        guard ICECredentials(ufrag: result.remoteICEUfrag, password: result.remoteICEPwd) != nil else {
            throw .invalidRemoteCredentials
        }
        do {
            dtls = try DTLSTransport(role: result.dtlsRole, certificate: configuration.certificate,
                                     remoteFingerprint: result.remoteFingerprint, mtu: configuration.dtlsMTU)
        } catch {
            throw .dtls(error)
        }
        sequencer.payloadType = result.sendPayloadType
    }

    private func startICE(role: ICERole, now: ContinuousClock.Instant) {
        guard ice == nil else { return }
        let key = random.next() | 1
        var agent = ICEAgent(role: role, credentials: localCredentials, tieBreaker: tieBreaker,
                             random: DerivedRandom(base: random, key: key))
        for server in configuration.stunServers {
            agent.addSTUNServer(server, now: now)
        }
        for address in pendingLocalAddresses {
            agent.addLocalCandidate(address, now: now)
        }
        pendingLocalAddresses.removeAll()
        if pendingGatheringFinished {
            agent.finishGathering(now: now)
        }
        ice = agent
    }

    func applyRemoteICE(_ result: NegotiatedAudio, now: ContinuousClock.Instant) {
        guard let credentials = ICECredentials(ufrag: result.remoteICEUfrag, password: result.remoteICEPwd) else { return }
        ice?.setRemoteCredentials(credentials, now: now)
        for candidate in result.remoteCandidates {
            ice?.addRemoteCandidate(candidate, now: now)
        }
        if result.remoteEndOfCandidates {
            ice?.remoteEndOfCandidates(now: now)
        }
        let pending = pendingRemoteCandidates
        pendingRemoteCandidates.removeAll()
        for candidate in pending {
            applyRemoteCandidate(candidate, now: now)
        }
    }

    private func applyRemoteCandidate(_ candidate: ICECandidate.Trickled, now: ContinuousClock.Instant) {
        switch candidate {
        case let .candidate(value):
            ice?.addRemoteCandidate(value, now: now)
        case .endOfCandidates:
            ice?.remoteEndOfCandidates(now: now)
        }
    }
}
