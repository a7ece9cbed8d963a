/// Offer/answer after the first exchange (RFC 8829 §5.2.2, §5.3.2). What Parley renegotiates
/// is ICE: a restart (RFC 8445 §9) gives the connection new credentials and new checks when
/// its path has died, over the same DTLS association and SRTP keys (RFC 8842 §5.5), so
/// audio resumes without a handshake. Anything a renegotiation cannot keep (the peer's
/// certificate, the DTLS role, the audio section) is refused and the connection is unchanged.
extension PeerConnection {
    /// RFC 8829 §4.1.8's states, as far as Parley has them.
    public enum SignalingState: Sendable, Hashable {
        case stable
        case haveLocalOffer
        case haveRemoteOffer
    }

    public var signalingState: SignalingState {
        if pendingRenegotiation != nil { return .haveLocalOffer }
        if pendingAnswer != nil { return .haveRemoteOffer }
        if localDescriptionType == .offer, remoteDescription == nil { return .haveLocalOffer }
        return .stable
    }

    /// An offer still waiting for its answer is replaced (W3C `createOffer` in have-local-offer):
    /// a restart whose offer or answer was lost on the way must not block the next one.
    func createSubsequentOffer(iceRestart: Bool, now: ContinuousClock.Instant) throws(PeerConnectionError) -> SessionDescription {
        guard pendingAnswer == nil else { throw .invalidState("the peer's offer is still being answered") }
        let previous = pendingRenegotiation.map(\.previousLocalDescription) ?? localDescription
        let credentials = iceRestart ? ICECredentials.random(using: &random) : localCredentials
        let offer: SessionDescription
        do {
            offer = try JSEP.makeOffer(local: localParameters(version: nextSessionVersion, credentials: credentials))
        } catch {
            throw .sdp(error)
        }
        pendingRenegotiation = PendingRenegotiation(offer: offer, previousLocalDescription: previous)
        localDescription = offer
        if iceRestart {
            restartICE(credentials: credentials, role: .controlling, now: now)
        }
        pump(now: now)
        return offer
    }

    func applySubsequentRemoteDescription(_ description: SessionDescription, type: DescriptionType,
                                          now: ContinuousClock.Instant) throws(PeerConnectionError) {
        guard let current = negotiated else { throw .invalidState("no completed negotiation") }
        switch type {
        case .answer:
            guard let pending = pendingRenegotiation else { throw .invalidState("an answer without our offer") }
            let result: NegotiatedAudio
            do {
                result = try JSEP.processAnswer(description, toOffer: pending.offer)
            } catch {
                throw .sdp(error)
            }
            try Self.checkContinuity(of: current, with: result)
            pendingRenegotiation = nil
            accept(description, negotiated: result, now: now)
        case .offer:
            guard pendingAnswer == nil else { throw .invalidState("an offer is already being answered") }
            // An offer that crosses ours: ours is rolled back (RFC 8829 §4.1.8.2), the peer's wins.
            if let pending = pendingRenegotiation {
                pendingRenegotiation = nil
                localDescription = pending.previousLocalDescription
            }
            let offered = Self.iceCredentials(in: description)
            // RFC 8839 §4.4.1.1.1: a change of either the ufrag or the password is a restart.
            let restarts = offered?.ufrag != current.remoteICEUfrag || offered?.pwd != current.remoteICEPwd
            let credentials = restarts ? ICECredentials.random(using: &random) : localCredentials
            let answer: JSEPAnswer
            do {
                answer = try JSEP.makeAnswer(to: description,
                                             local: localParameters(version: nextSessionVersion, credentials: credentials),
                                             dtlsRole: current.dtlsRole)
            } catch {
                throw .sdp(error)
            }
            try Self.checkContinuity(of: current, with: answer.negotiated)
            if restarts {
                restartICE(credentials: credentials, role: .controlled, now: now)
            }
            pendingAnswer = answer.description
            accept(description, negotiated: answer.negotiated, now: now)
        }
    }

    // MARK: Internals

    private var nextSessionVersion: UInt64 {
        (localDescription.flatMap { UInt64($0.origin.sessionVersion) } ?? 0) &+ 1
    }

    private func accept(_ description: SessionDescription, negotiated result: NegotiatedAudio, now: ContinuousClock.Instant) {
        remoteDescription = description
        negotiated = result
        sequencer.payloadType = result.sendPayloadType
        applyRemoteICE(result, now: now)
        pump(now: now)
    }

    /// The offerer of a restart is controlling, as at the start (RFC 8445 §6.1.1); a 487
    /// role conflict settles it if the peer thinks otherwise. The new generation gathers
    /// anew: the driver adds its new sockets with `addLocalHostAddress` and `finishGathering`,
    /// while the old pair carries the audio until a new one is selected.
    private func restartICE(credentials: ICECredentials, role: ICERole, now: ContinuousClock.Instant) {
        localCredentials = credentials
        ice?.restart(credentials: credentials, role: role, discardingLocalCandidates: true, now: now)
    }

    private static func checkContinuity(of current: NegotiatedAudio, with next: NegotiatedAudio) throws(PeerConnectionError) {
        guard next.remoteFingerprint == current.remoteFingerprint else { throw .renegotiationChanges("the certificate fingerprint") }
        guard next.dtlsRole == current.dtlsRole else { throw .renegotiationChanges("the DTLS role") }
        guard next.mLineIndex == current.mLineIndex, next.mid == current.mid else {
            throw .renegotiationChanges("the audio section")
        }
    }

    /// The ICE credentials the description gives its audio section (or its session).
    private static func iceCredentials(in description: SessionDescription) -> (ufrag: String, pwd: String)? {
        guard let index = try? JSEP.audioSectionIndex(in: description) else { return nil }
        return try? RemoteAudioSection(description, index: index).iceCredentials()
    }
}

/// An offer made after the first exchange, and what to go back to if the peer's offer crosses it.
struct PendingRenegotiation {
    var offer: SessionDescription
    var previousLocalDescription: SessionDescription?
}
