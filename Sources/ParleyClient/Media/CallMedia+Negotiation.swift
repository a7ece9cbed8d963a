import ParleyAudio
import ParleyRTC

/// Offer/answer and candidates for each remote peer, in the browser's words.
extension CallMedia {
    /// Starts a connection to `peer` as the offerer; returns the offer SDP to signal.
    public func createOffer(for peerID: String) async throws -> String {
        let peer = try makePeer(peerID)
        let now = ContinuousClock.now
        let offer = try peer.connection.createOffer(now: now)
        drain(peer, now: now)
        await gatherHostCandidates(for: peer, on: hostAddresses)
        return offer.serialized()
    }

    /// A new offer to `peer` on the same connection with new ICE credentials (RFC 8445 §9):
    /// the way back when its path died. Interfaces that appeared since (a new network) become
    /// candidates too. Returns the offer SDP to signal.
    public func restartICE(for peerID: String) async throws -> String {
        guard let peer = peers[peerID] else { throw CallMediaError.unknownPeer(peerID) }
        let now = ContinuousClock.now
        let offer = try peer.connection.createOffer(iceRestart: true, now: now)
        drain(peer, now: now)
        await gatherAgain(for: peer)
        return offer.serialized()
    }

    /// Applies `peer`'s offer and returns the answer SDP to signal. A later offer from a peer
    /// we are connected to (an ICE restart) is answered on the same connection; only when
    /// that cannot be done does a new connection replace it.
    public func answer(offer sdp: String, from peerID: String) async throws -> String {
        let description = try SessionDescription(parsing: sdp)
        if let existing = peers[peerID], existing.connection.negotiated != nil {
            let now = ContinuousClock.now
            let credentials = existing.connection.localCredentials
            do {
                try existing.connection.setRemoteDescription(description, type: .offer, now: now)
                let answer = try existing.connection.createAnswer()
                drain(existing, now: now)
                if existing.connection.localCredentials != credentials { await gatherAgain(for: existing) }
                return answer.serialized()
            } catch {
                logger.info("answering a later offer on a new connection", metadata: ["peer": "\(peerID)", "reason": "\(error)"])
            }
        }
        let peer = try makePeer(peerID)
        let now = ContinuousClock.now
        do {
            try peer.connection.setRemoteDescription(description, type: .offer, now: now)
        } catch {
            discardPeer(peerID)
            throw error
        }
        let answer = try peer.connection.createAnswer()
        drain(peer, now: now)
        await gatherHostCandidates(for: peer, on: hostAddresses)
        return answer.serialized()
    }

    /// Applies `peer`'s answer to our offer.
    public func applyAnswer(_ sdp: String, from peerID: String) throws {
        guard let peer = peers[peerID] else { throw CallMediaError.unknownPeer(peerID) }
        let description = try SessionDescription(parsing: sdp)
        let now = ContinuousClock.now
        try peer.connection.setRemoteDescription(description, type: .answer, now: now)
        drain(peer, now: now)
    }

    /// A trickled candidate from `peer`; an empty string is end-of-candidates. Candidates
    /// Parley cannot use are skipped by the core, never an error.
    public func addRemoteCandidate(_ text: String, from peerID: String) throws {
        guard let peer = peers[peerID] else { throw CallMediaError.unknownPeer(peerID) }
        let candidate = try ICECandidate.parseTrickled(text)
        let now = ContinuousClock.now
        peer.connection.addRemoteCandidate(candidate, now: now)
        drain(peer, now: now)
    }

    /// Whether we offered to `peer` and still wait for its answer.
    public func isAwaitingAnswer(from peerID: String) -> Bool {
        peers[peerID]?.connection.signalingState == .haveLocalOffer
    }

    /// Ends the connection to `peer`: RTCP BYE and DTLS close_notify go out, then its sockets close.
    public func removePeer(_ peerID: String) {
        guard let peer = peers.removeValue(forKey: peerID) else { return }
        let now = ContinuousClock.now
        peer.connection.close(now: now)
        drain(peer, now: now)
        for address in peer.sockets.keys { socketOwners[address] = nil }
        peer.closeSockets()
        mixer.removeSource(peerID)
    }

    // MARK: Internals

    private func makePeer(_ peerID: String) throws -> MediaPeer {
        guard !isShutDown else { throw CallMediaError.shutDown }
        if peers[peerID] != nil { removePeer(peerID) }
        let connection = PeerConnection(configuration: PeerConnectionConfiguration(
            certificate: certificate, wallClock: wallClock, sends: configuration.sends,
            receives: configuration.receives, stunServers: configuration.stunServers))
        let peer = MediaPeer(id: peerID, connection: connection,
                             jitterBuffer: try JitterBuffer(configuration: configuration.jitterBuffer),
                             createdAt: .now)
        peers[peerID] = peer
        mixer.addSource(peerID)
        return peer
    }

    private func discardPeer(_ peerID: String) {
        mixer.removeSource(peerID)
        guard let peer = peers.removeValue(forKey: peerID) else { return }
        peer.connection.close(now: .now)
        peer.closeSockets()
    }

    /// An ICE restart gathers anew on new sockets (new ports), on the interfaces there are now
    /// (the network may have changed). The old sockets carry the audio until the new
    /// generation selects a pair; then they close.
    private func gatherAgain(for peer: MediaPeer) async {
        peer.retiringSockets.formUnion(peer.sockets.keys)
        let addresses = configuration.hostAddresses
            ?? LocalInterfaces.addresses(includeLoopback: configuration.includeLoopback)
        await gatherHostCandidates(for: peer, on: addresses)
    }

    /// The new generation has a pair: the sockets of the old one go.
    func closeRetiredSockets(of peer: MediaPeer, keeping base: TransportAddress) {
        guard !peer.retiringSockets.isEmpty, !peer.retiringSockets.contains(base) else { return }
        for address in peer.retiringSockets {
            socketOwners[address] = nil
            peer.sockets.removeValue(forKey: address)?.close()
        }
        peer.retiringSockets.removeAll()
    }

    /// One socket per usable local address, each a host candidate (RFC 8445 §5.1.1.1).
    private func gatherHostCandidates(for peer: MediaPeer, on addresses: [IPAddress]) async {
        let media = self
        for address in addresses {
            do {
                let socket = try await UDPSocket.bind(to: address, eventLoop: eventLoop) { datagram in
                    media.deliver(datagram)
                }
                // The peer may have left while the socket was being bound.
                guard peers[peer.id] === peer else {
                    socket.close()
                    return
                }
                peer.sockets[socket.localAddress] = socket
                socketOwners[socket.localAddress] = peer.id
                let now = ContinuousClock.now
                peer.connection.addLocalHostAddress(socket.localAddress, now: now)
                drain(peer, now: now)
            } catch {
                logger.warning("cannot bind a UDP socket", metadata: ["address": "\(address)", "error": "\(error)"])
            }
        }
        guard peers[peer.id] === peer else { return }
        let now = ContinuousClock.now
        peer.connection.finishGathering(now: now)
        drain(peer, now: now)
    }
}

public enum CallMediaError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownPeer(String)
    case shutDown

    public var description: String {
        switch self {
        case let .unknownPeer(id): "no connection to peer \(id)"
        case .shutDown: "the call has ended"
        }
    }
}
