import Foundation
import ParleyRTC
import Testing
import ParleyTestSupport

/// Two `PeerConnection`s joined by an in-memory UDP network (delay, seeded loss) and a
/// signalling queue, all on a virtual clock: the loop jumps to the next delivery, signal or
/// deadline. Names carry a PeerConnection prefix because the test target is shared.
///
/// OpenSSL's DTLS retransmission timer reads the real clock, so a lost DTLS flight would only
/// be resent after real time passes; `isLossy` lets a test keep loss off DTLS records.
final class PeerConnectionTestNetwork {
    enum Signal {
        case description(SessionDescription, PeerConnection.DescriptionType)
        case candidate(ICECandidate.Trickled)
    }

    struct Sent {
        var from: Int
        var bytes: [UInt8]
        var at: Duration
        var delivered: Bool
    }

    private struct InFlight {
        var bytes: [UInt8]
        var source: TransportAddress
        var destination: TransportAddress
        var deliverAt: ContinuousClock.Instant
        var order: Int
    }

    private struct PendingSignal {
        var at: ContinuousClock.Instant
        var to: Int
        var signal: Signal
        var order: Int
    }

    static let wallClockStart = 1_750_000_000.0

    let origin: ContinuousClock.Instant
    private(set) var now: ContinuousClock.Instant
    let peers: [PeerConnection]
    let addresses: [TransportAddress]
    /// Every event of each peer with the virtual time it was drained at.
    private(set) var events: [[(at: Duration, event: PeerConnectionEvent)]] = [[], []]
    private(set) var sent: [Sent] = []
    var delay: Duration = .milliseconds(20)
    var signallingDelay: Duration = .milliseconds(50)
    var lossRate = 0.0
    var isLossy: ([UInt8]) -> Bool = { _ in true }
    /// Lets a test alter a description on its way to peer `to`.
    var rewriteDescription: (_ to: Int, _ description: SessionDescription) -> SessionDescription = { $1 }

    private var inFlight: [InFlight] = []
    private var signals: [PendingSignal] = []
    private var order = 0
    private var random: SplitMix64

    init(seed: UInt64) throws {
        origin = ContinuousClock.now
        now = origin
        random = SplitMix64(state: seed)
        let wallClock = WallClockReference(instant: origin, secondsSince1970: Self.wallClockStart)
        peers = try (0..<2).map { index in
            let certificate = try DTLSCertificate(secondsSince1970: Int64(Self.wallClockStart))
            return PeerConnection(configuration: PeerConnectionConfiguration(certificate: certificate, wallClock: wallClock),
                                  random: SplitMix64(state: seed &+ UInt64(index) &* 0x1234_5678_9ABC))
        }
        addresses = ["10.0.0.1:40000", "10.0.0.2:50000"].compactMap(TransportAddress.init)
    }

    var elapsed: Duration { now - origin }
    var offerer: PeerConnection { peers[0] }
    var answerer: PeerConnection { peers[1] }

    /// Gathering on both sides, then the offer from peer 0; the answer and every trickled
    /// candidate follow through the signalling queue as the loop runs.
    func start() throws {
        for (peer, address) in zip(peers, addresses) {
            peer.addLocalHostAddress(address, now: now)
            peer.finishGathering(now: now)
        }
        let offer = try offerer.createOffer(now: now)
        signal(.description(offer, .offer), to: 1)
    }

    /// A later offer from peer `index` (after the first exchange); the answer follows
    /// through the signalling queue as the loop runs.
    func renegotiate(from index: Int, iceRestart: Bool) throws {
        let offer = try peers[index].createOffer(iceRestart: iceRestart, now: now)
        if iceRestart { gatherAgain(index) }
        signal(.description(offer, .offer), to: 1 - index)
    }

    /// A restart starts gathering over; the test network keeps each peer's one address.
    func gatherAgain(_ index: Int) {
        peers[index].addLocalHostAddress(addresses[index], now: now)
        peers[index].finishGathering(now: now)
    }

    /// Runs until `condition` holds (checked after every step) or `limit` of virtual time
    /// passed. Returns whether the condition held.
    @discardableResult
    func run(for limit: Duration, until condition: (PeerConnectionTestNetwork) -> Bool = { _ in false }) -> Bool {
        let end = now + limit
        var steps = 0
        while true {
            drain()
            if condition(self) { return true }
            steps += 1
            guard steps < 1_000_000 else {
                Issue.record("no progress at \(elapsed)")
                return false
            }
            let candidates = [inFlight.map(\.deliverAt).min(), signals.map(\.at).min()] + peers.map(\.nextDeadline)
            guard let next = candidates.compactMap({ $0 }).min(), next <= end else {
                now = max(now, end)
                drain()
                return condition(self)
            }
            if next > now { now = next }
            deliverDue()
            for peer in peers {
                if let deadline = peer.nextDeadline, deadline <= now {
                    peer.handleTimeout(now: now)
                }
            }
        }
    }

    func bothConnected() -> Bool {
        peers.allSatisfy { $0.connectionState == .connected }
    }

    /// Every `.audio` event of a peer, in order.
    func audio(receivedBy index: Int) -> [PeerConnectionAudio] {
        events[index].compactMap {
            if case let .audio(audio) = $0.event { return audio }
            return nil
        }
    }

    func receptionReports(receivedBy index: Int) -> [PeerConnectionReceptionReport] {
        events[index].compactMap {
            if case let .receptionReport(report) = $0.event { return report }
            return nil
        }
    }

    /// Sends `count` random Opus-sized payloads from each peer in `senders`, one per 20 ms of
    /// virtual time, and returns them per peer.
    func sendAudio(count: Int, from senders: [Int] = [0, 1]) -> [[[UInt8]]] {
        var payloads: [[[UInt8]]] = [[], []]
        for _ in 0..<count {
            for index in senders {
                let length = 60 + Int(random.next() % 100)
                let payload = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                if peers[index].sendAudio(opusPayload: payload, samples: 960, now: now) {
                    payloads[index].append(payload)
                }
            }
            run(for: .milliseconds(20))
        }
        return payloads
    }

    /// Moves every peer's output: datagrams onto the network, events into the log and
    /// candidates into the signalling queue.
    func drain() {
        for (index, peer) in peers.enumerated() {
            while let transmit = peer.pollTransmit() {
                send(transmit, from: index)
            }
            while let event = peer.pollEvent() {
                events[index].append((at: elapsed, event: event))
                switch event {
                case let .localCandidate(candidate):
                    signal(.candidate(.candidate(candidate)), to: 1 - index)
                case .gatheringComplete:
                    signal(.candidate(.endOfCandidates), to: 1 - index)
                default:
                    break
                }
            }
        }
    }

    private func send(_ transmit: PeerConnectionTransmit, from index: Int) {
        let lost = lossRate > 0 && isLossy(transmit.bytes) && Double(random.next() % 1_000_000) / 1_000_000 < lossRate
        sent.append(Sent(from: index, bytes: transmit.bytes, at: elapsed, delivered: !lost))
        guard !lost else { return }
        inFlight.append(InFlight(bytes: transmit.bytes, source: transmit.source, destination: transmit.destination,
                                 deliverAt: now + delay, order: order))
        order += 1
    }

    private func signal(_ signal: Signal, to index: Int) {
        signals.append(PendingSignal(at: now + signallingDelay, to: index, signal: signal, order: order))
        order += 1
    }

    private func deliverDue() {
        let dueSignals = signals.filter { $0.at <= now }.sorted { ($0.at, $0.order) < ($1.at, $1.order) }
        signals.removeAll { $0.at <= now }
        for pending in dueSignals {
            deliver(pending.signal, to: pending.to)
        }
        let due = inFlight.filter { $0.deliverAt <= now }.sorted { ($0.deliverAt, $0.order) < ($1.deliverAt, $1.order) }
        inFlight.removeAll { $0.deliverAt <= now }
        for datagram in due {
            guard let index = addresses.firstIndex(of: datagram.destination) else { continue }
            peers[index].handleDatagram(datagram.bytes, from: datagram.source, to: datagram.destination, now: now)
        }
    }

    private func deliver(_ signal: Signal, to index: Int) {
        let peer = peers[index]
        do {
            switch signal {
            case let .description(description, type):
                let credentials = peer.localCredentials
                try peer.setRemoteDescription(rewriteDescription(index, description), type: type, now: now)
                if peer.localCredentials != credentials { gatherAgain(index) }
                if type == .offer {
                    self.signal(.description(try peer.createAnswer(), .answer), to: 1 - index)
                }
            case let .candidate(candidate):
                peer.addRemoteCandidate(candidate, now: now)
            }
        } catch {
            Issue.record("signalling to peer \(index) failed: \(error)")
        }
    }
}
