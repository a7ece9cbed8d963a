import ParleyRTC
import Testing
import ParleyTestSupport

/// Agents on a `VirtualNetwork`, with signalling between them: each agent's trickled
/// candidates and end-of-candidates reach the other agent after `signallingDelay`, the way
/// Parley's signalling server carries them.
final class ICETestBed {
    struct Peer {
        var name: String
        var agent: ICEAgent
        var addresses: [TransportAddress]
        var events: [(at: Duration, event: ICEEvent)] = []
    }

    enum Signal {
        case candidate(ICECandidate)
        case endOfCandidates
    }

    let network: VirtualNetwork
    var peers: [Peer] = []
    var signallingDelay: Duration = .milliseconds(100)
    /// Whether trickled candidates are forwarded at all.
    var forwardsSignalling = true
    /// Lets a test change a candidate on its way (e.g. hide its address behind mDNS).
    var rewriteSignal: (_ fromPeer: Int, _ signal: Signal) -> Signal? = { _, signal in signal }
    private var signals: [(at: ContinuousClock.Instant, to: Int, signal: Signal)] = []
    private var random: SplitMix64

    init(seed: UInt64 = 1) {
        network = VirtualNetwork(seed: seed ^ 0x5EED)
        random = SplitMix64(state: seed)
    }

    var now: ContinuousClock.Instant { network.now }
    var elapsed: Duration { network.elapsed }

    /// Adds an agent with seeded credentials and randomness; returns its index.
    @discardableResult
    func addPeer(_ name: String, role: ICERole, tieBreaker: UInt64? = nil, addresses: [String]) -> Int {
        let credentials = ICECredentials.random(using: &random)
        let agent = ICEAgent(role: role, credentials: credentials, tieBreaker: tieBreaker ?? random.next(),
                             random: SplitMix64(state: random.next()))
        peers.append(Peer(name: name, agent: agent, addresses: addresses.compactMap(TransportAddress.init)))
        return peers.count - 1
    }

    /// Credentials both ways, then every address as a host candidate, then end of gathering:
    /// the usual start of a call with trickle.
    func start(exchangeCredentials: Bool = true, finishGathering: Bool = true) {
        if exchangeCredentials { self.exchangeCredentials() }
        for index in peers.indices {
            for address in peers[index].addresses {
                peers[index].agent.addLocalCandidate(address, now: now)
            }
            if finishGathering { peers[index].agent.finishGathering(now: now) }
        }
    }

    func exchangeCredentials() {
        guard peers.count == 2 else { return }
        let first = peers[0].agent.localCredentials, second = peers[1].agent.localCredentials
        peers[0].agent.setRemoteCredentials(second, now: now)
        peers[1].agent.setRemoteCredentials(first, now: now)
    }

    /// Runs the network and timers until `condition` holds (checked after every step) or
    /// `limit` of virtual time has passed. Returns whether the condition held.
    @discardableResult
    func run(for limit: Duration, until condition: (ICETestBed) -> Bool = { _ in false }) -> Bool {
        let end = now + limit
        var steps = 0
        while true {
            flush()
            if condition(self) { return true }
            steps += 1
            guard steps < 2_000_000 else {
                Issue.record("the virtual network made no progress at \(elapsed)")
                return false
            }
            let candidates = [network.nextDelivery, signals.map(\.at).min()] + peers.map(\.agent.nextDeadline)
            guard let next = candidates.compactMap({ $0 }).min(), next <= end else {
                network.advance(to: end)
                flush()
                return condition(self)
            }
            network.advance(to: next)
            for datagram in network.takeDue() {
                guard let index = peers.firstIndex(where: { $0.addresses.contains(datagram.destination) }) else { continue }
                peers[index].agent.handleDatagram(datagram.bytes, from: datagram.source, to: datagram.destination, now: now)
            }
            let due = signals.filter { $0.at <= now }
            signals.removeAll { $0.at <= now }
            for item in due {
                switch item.signal {
                case .candidate(let candidate): peers[item.to].agent.addRemoteCandidate(candidate, now: now)
                case .endOfCandidates: peers[item.to].agent.remoteEndOfCandidates(now: now)
                }
            }
            for index in peers.indices {
                if let deadline = peers[index].agent.nextDeadline, deadline <= now {
                    peers[index].agent.handleTimeout(now: now)
                }
            }
        }
    }

    /// Sends what the agents queued and records their events, forwarding signalling.
    func flush() {
        for index in peers.indices {
            while let transmit = peers[index].agent.pollTransmit() {
                network.send(transmit.bytes, from: transmit.source, to: transmit.destination)
            }
            while let event = peers[index].agent.pollEvent() {
                peers[index].events.append((elapsed, event))
                guard forwardsSignalling, peers.count == 2 else { continue }
                let signal: Signal
                switch event {
                case .localCandidate(let candidate): signal = .candidate(candidate)
                case .gatheringComplete: signal = .endOfCandidates
                default: continue
                }
                if let rewritten = rewriteSignal(index, signal) {
                    signals.append((now + signallingDelay, 1 - index, rewritten))
                }
            }
        }
    }

    var bothConnected: Bool {
        peers.allSatisfy { $0.agent.connectionState.isConnected && $0.agent.selectedPair != nil }
    }

    /// The first time an event matching `predicate` was reported by peer `index`.
    func firstTime(_ index: Int, where predicate: (ICEEvent) -> Bool) -> Duration? {
        peers[index].events.first { predicate($0.event) }?.at
    }

    func stateTime(_ index: Int, _ state: ICEConnectionState) -> Duration? {
        firstTime(index) { $0 == .stateChanged(state) }
    }

    /// The pairs both agents selected describe the same path, seen from either end.
    var selectedPairsMatch: Bool {
        guard peers.count == 2, let a = peers[0].agent.selectedPair, let b = peers[1].agent.selectedPair else { return false }
        return a.local.address == b.remote.address && b.local.address == a.remote.address
    }

    /// Logged datagrams decoded as STUN (undecodable ones left out).
    func stunLog() -> [(entry: VirtualNetwork.LogEntry, message: STUNMessage)] {
        network.log.compactMap { entry in (try? STUNMessage.decode(entry.bytes)).map { (entry, $0) } }
    }
}
