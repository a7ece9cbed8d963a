import Foundation
import ParleyRTC
import ParleySignaling

/// The signalling protocol (PROTOCOL.md): what each event does.
extension Orchestrator {
    func handle(_ envelope: Envelope) async {
        // Any relayed message may carry the sender's name (membrane's from_metadata variant).
        if let from = envelope.from, let name = Self.name(in: envelope.fromMetadata),
           let index = state.peers.firstIndex(where: { $0.id == from }), state.peers[index].name != name {
            state.peers[index].name = name
        }
        switch envelope.event {
        case SignalingEvent.authenticated: authenticated(envelope.data)
        case SignalingEvent.joined: await joined(envelope)
        case SignalingEvent.left: await left(envelope.data)
        case SignalingEvent.offer: await offer(envelope)
        case SignalingEvent.answer: await answer(envelope)
        case SignalingEvent.candidate: await candidate(envelope)
        case SignalingEvent.error: serverError(envelope.data)
        default:
            logger.debug("ignoring event", metadata: ["event": "\(envelope.event)"])
        }
    }

    private func authenticated(_ data: JSONValue) {
        guard let id = data["peer_id"]?.stringValue else {
            appendLog(.error, "The server's authenticated message had no peer_id.")
            return
        }
        state.selfID = id
        state.phase = .joined
        if let room = data["room"]?.stringValue { state.room = room }
        if hasEverJoined {
            appendLog(.info, "Reconnected to room \(state.room).")
        } else {
            appendLog(.info, "Joined room \(state.room) as \(state.selfName ?? id).")
        }
        hasEverJoined = true
        state.hasJoined = true
        backoff.reset()
        // Parley's addition: who is here already. They will offer; we only show them.
        for entry in data["peers"]?.arrayValue ?? [] {
            guard let peerID = entry["peer_id"]?.stringValue, peerID != id, state.peer(peerID) == nil,
                  !gone.contains(peerID) else { continue }
            state.peers.append(CallPeer(id: peerID, name: Self.name(in: entry["metadata"]), role: .answerer,
                                        signaling: .awaitingOffer))
        }
    }

    private func joined(_ envelope: Envelope) async {
        guard let id = envelope.data["peer_id"]?.stringValue ?? envelope.from, Self.isPeerID(id) else { return }
        // Membrane may deliver `joined` before our own `authenticated`; we cannot be its subject
        // then, since the server never sends a newcomer its own `joined`.
        guard id != state.selfID else { return }
        let name = Self.name(in: envelope.data["metadata"]) ?? Self.name(in: envelope.fromMetadata)
        upsertPeer(id, name: name, role: .offerer, signaling: .offerSent)
        appendLog(.join, "\(name ?? Self.short(id)) joined.")
        do {
            let sdp = try await media.createOffer(for: id)
            send(SignalingEvent.offer, to: id, data: ["type": "offer", "sdp": .string(sdp)])
        } catch {
            fail(id, "could not make an offer: \(error)")
        }
    }

    private func left(_ data: JSONValue) async {
        guard let id = data["peer_id"]?.stringValue else { return }
        gone.insert(id)
        iceRestarts[id] = nil
        await media.removePeer(id)
        if let peer = state.peer(id) {
            appendLog(.leave, "\(peer.name ?? Self.short(id)) left.")
        }
        state.peers.removeAll { $0.id == id }
    }

    private func offer(_ envelope: Envelope) async {
        guard let id = envelope.from, Self.isPeerID(id), !gone.contains(id) else { return }
        guard envelope.data["type"]?.stringValue == "offer", let sdp = envelope.data["sdp"]?.stringValue else {
            appendLog(.error, "\(label(id)) sent an offer without SDP; ignored.")
            return
        }
        // Glare (both sides offered, e.g. after a reconnect race): the lower id keeps its offer.
        if await media.isAwaitingAnswer(from: id), let selfID = state.selfID, selfID < id {
            logger.debug("offer crossed ours; keeping ours", metadata: ["peer": "\(id)"])
            return
        }
        // A later offer on a connection that completed one (an ICE restart) changes neither who
        // offered first, which decides who restarts next time, nor where signalling stands.
        if let existing = state.peer(id), existing.signaling == .stable {
            upsertPeer(id, name: Self.name(in: envelope.fromMetadata), role: existing.role, signaling: .stable)
        } else {
            upsertPeer(id, name: Self.name(in: envelope.fromMetadata), role: .answerer, signaling: .answered)
        }
        do {
            let answer = try await media.answer(offer: sdp, from: id)
            send(SignalingEvent.answer, to: id, data: ["type": "answer", "sdp": .string(answer)])
        } catch {
            fail(id, "could not answer its offer: \(error)")
        }
    }

    private func answer(_ envelope: Envelope) async {
        guard let id = envelope.from, !gone.contains(id) else { return }
        guard envelope.data["type"]?.stringValue == "answer", let sdp = envelope.data["sdp"]?.stringValue else {
            appendLog(.error, "\(label(id)) sent an answer without SDP; ignored.")
            return
        }
        do {
            try await media.applyAnswer(sdp, from: id)
            if let index = state.peers.firstIndex(where: { $0.id == id }) { state.peers[index].signaling = .stable }
        } catch {
            fail(id, "its answer was refused: \(error)")
        }
    }

    private func candidate(_ envelope: Envelope) async {
        // A candidate for no connection (a peer we never offered to) is refused by the media
        // side as an unknown peer and only logged.
        guard let id = envelope.from, !gone.contains(id) else { return }
        // `{"candidate":""}` or a null candidate is end-of-candidates (Firefox sends it).
        let text = envelope.data["candidate"]?.stringValue ?? ""
        do {
            try await media.addRemoteCandidate(text, from: id)
        } catch {
            logger.debug("skipping a candidate", metadata: ["peer": "\(id)", "error": "\(error)"])
        }
    }

    private func serverError(_ data: JSONValue) {
        let description = data["description"]?.stringValue ?? "error"
        var text = "Server: \(description)"
        if let details = data["details"], !details.isNull {
            text += " (\(details.stringValue ?? details.serialized()))"
        }
        appendLog(.error, text)
    }

    // MARK: Media events

    func handle(_ event: MediaEvent) async {
        switch event {
        case let .localCandidate(peer, candidate):
            var data: [String: JSONValue] = [
                "candidate": .string(candidate.candidate),
                "sdpMLineIndex": .int(Int64(candidate.sdpMLineIndex)),
                "usernameFragment": .string(candidate.usernameFragment),
            ]
            data["sdpMid"] = candidate.sdpMid.map(JSONValue.string) ?? .null
            send(SignalingEvent.candidate, to: peer, data: .object(data))
        case let .connectionStateChanged(peer, connectionState):
            guard let index = state.peers.firstIndex(where: { $0.id == peer }) else { return }
            state.peers[index].media.connectionState = connectionState
            switch connectionState {
            case .connected:
                state.peers[index].signaling = .stable
                state.peers[index].failure = nil
                state.peers[index].hasConnected = true
                connectionRecovered(peer)
                appendLog(.info, "Connected to \(label(peer)).")
            case .failed(.dtlsClosedByPeer):
                // The peer hung up (close_notify); its `left` usually follows at once.
                state.peers[index].failure = "closed by the peer"
                appendLog(.info, "\(label(peer)) ended the connection.")
            case let .failed(reason):
                state.peers[index].failure = reason.description
                appendLog(.error, "Connection to \(label(peer)) failed: \(reason).")
                if case .ice = reason { connectionLost(peer) }
            case .disconnected:
                appendLog(.error, "Lost contact with \(label(peer)); waiting for it to come back.")
                // The network may have changed under the signaling connection as well.
                connection?.checkLiveness()
                connectionLost(peer)
            default:
                break
            }
        case let .iceConnectionStateChanged(peer, iceState):
            if let index = state.peers.firstIndex(where: { $0.id == peer }) {
                state.peers[index].media.iceConnectionState = iceState
            }
        case let .firstAudio(peer, arrival):
            if let index = state.peers.firstIndex(where: { $0.id == peer }) { state.peers[index].firstAudioAt = arrival }
        }
    }

    // MARK: Helpers

    func send(_ event: String, to peer: String, data: JSONValue) {
        connection?.send(ClientMessage(event: event, data: data, to: .peers([peer])))
    }

    private func upsertPeer(_ id: String, name: String?, role: CallPeer.Role, signaling: CallPeer.Signaling) {
        if let index = state.peers.firstIndex(where: { $0.id == id }) {
            state.peers[index].role = role
            state.peers[index].signaling = signaling
            state.peers[index].failure = nil
            if let name { state.peers[index].name = name }
        } else {
            state.peers.append(CallPeer(id: id, name: name, role: role, signaling: signaling))
        }
    }

    private func fail(_ id: String, _ text: String) {
        if let index = state.peers.firstIndex(where: { $0.id == id }) { state.peers[index].failure = text }
        appendLog(.error, "\(label(id)): \(text)")
    }

    func label(_ id: String) -> String { state.peer(id)?.name ?? Self.short(id) }

    static func short(_ id: String) -> String { String(id.prefix(8)) }

    static func name(in metadata: JSONValue?) -> String? {
        guard let name = metadata?["name"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines),
              !name.isEmpty else { return nil }
        return String(name.prefix(64))
    }

    /// Peer ids are UUIDs on both servers; anything else in `from` is not a peer to talk to.
    static func isPeerID(_ value: String) -> Bool {
        (1...64).contains(value.utf8.count) && value.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D
        }
    }
}
