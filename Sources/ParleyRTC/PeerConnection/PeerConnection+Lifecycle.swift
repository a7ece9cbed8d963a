/// Moving output of the ICE agent and the DTLS transport into the connection's queues, the
/// hand-offs between layers (ICE pair → DTLS start → SRTP keys), the combined state, and close.
extension PeerConnection {
    /// DESIGN.md: the client's first flight waits for a selected pair, so it is not lost to a
    /// path that does not work yet.
    func startDTLSIfReady(now: ContinuousClock.Instant) {
        guard let dtls, dtls.role == .client, dtls.state == .new, route != nil, failure == nil else { return }
        dtls.start(now: now)
    }

    /// Drains every layer until none has output left, then updates the combined state.
    func pump(now: ContinuousClock.Instant) {
        var progressed = true
        while progressed {
            progressed = false
            while let transmit = ice?.pollTransmit() {
                transmits.append(transmit)
            }
            while let event = ice?.pollEvent() {
                progressed = true
                handleICEEvent(event, now: now)
            }
            if let dtls {
                while let datagram = dtls.pollTransmit() {
                    transmit(datagram, allowingReturnRoute: true)
                }
                while let event = dtls.pollEvent() {
                    progressed = true
                    handleDTLSEvent(event, now: now)
                }
            }
        }
        reportStates()
    }

    private func handleICEEvent(_ event: ICEEvent, now: ContinuousClock.Instant) {
        switch event {
        case let .localCandidate(candidate):
            events.append(.localCandidate(candidate))
        case .gatheringComplete:
            events.append(.gatheringComplete)
        case let .stateChanged(state):
            // Reported from the agent's state in `reportStates`, after the pair change. A pair
            // whose consent expired carries nothing more (RFC 7675 §5.1), even while a restart
            // looks for the next one.
            if case .failed = state { route = nil }
        case let .selectedPairChanged(local, remote):
            route = (local: local.base, remote: remote.address)
            statistics.localCandidateType = local.type
            statistics.remoteCandidateType = remote.type
            events.append(.selectedCandidatePairChanged(local: local, remote: remote))
            startDTLSIfReady(now: now)
        case .roleChanged:
            break
        }
    }

    private func handleDTLSEvent(_ event: DTLSEvent, now: ContinuousClock.Instant) {
        switch event {
        case let .connected(keys, _):
            do {
                srtp = try SRTPSession(keyingMaterial: keys)
                scheduleRTCP(after: now)
            } catch {
                fail(.srtp(error))
            }
        case let .failed(error):
            fail(.dtls(error))
        case .closed:
            if !isClosed {
                fail(.dtlsClosedByPeer)
            }
        }
    }

    func fail(_ reason: PeerConnectionFailure) {
        guard failure == nil, !isClosed else { return }
        failure = reason
        nextRTCPAt = nil
    }

    /// Emits ICE, DTLS and combined state changes, each once.
    func reportStates() {
        let iceState = iceConnectionState
        if iceState != reportedICEState {
            reportedICEState = iceState
            events.append(.iceConnectionStateChanged(iceState))
        }
        let dtlsState = dtlsState
        if dtlsState != reportedDTLSState {
            reportedDTLSState = dtlsState
            events.append(.dtlsStateChanged(dtlsState))
        }
        let combined = PeerConnectionState.combining(closed: isClosed, failure: failure, ice: iceState, dtls: dtlsState)
        if combined != connectionState {
            connectionState = combined
            events.append(.connectionStateChanged(combined))
        }
    }

    /// Ends the call: a last RTCP report with BYE (RFC 3550 §6.6), then DTLS close_notify
    /// (RFC 5246 §7.2.1), then ICE stops. Their datagrams stay queued for `pollTransmit()`;
    /// everything later is ignored.
    public func close(now: ContinuousClock.Instant) {
        guard !isClosed else { return }
        if failure == nil, srtp != nil {
            sendReport(now: now, appending: [.goodbye(RTCPGoodbye(ssrcs: [localSSRC]))])
        }
        isClosed = true
        nextRTCPAt = nil
        if let dtls {
            dtls.close()
            while let datagram = dtls.pollTransmit() {
                transmit(datagram, allowingReturnRoute: true)
            }
            while dtls.pollEvent() != nil {}
        }
        ice?.close()
        while ice?.pollEvent() != nil {}
        reportStates()
    }
}
