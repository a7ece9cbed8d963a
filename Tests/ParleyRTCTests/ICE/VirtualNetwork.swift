import ParleyRTC
import ParleyTestSupport

/// An in-memory UDP network on a virtual clock: datagrams arrive after a delay plus random
/// jitter (so they can overtake each other), a seeded fraction is lost, and 1:1 NATs can hide
/// hosts behind public addresses. Nothing sleeps: the owner advances the clock to the next
/// event. Every datagram sent is logged for inspection.
final class VirtualNetwork {
    struct Datagram {
        var bytes: [UInt8]
        /// As the receiver sees it (after NAT).
        var source: TransportAddress
        /// The receiver's own address (after NAT).
        var destination: TransportAddress
        var sentAt: ContinuousClock.Instant
        var deliverAt: ContinuousClock.Instant
        var sequence: Int
    }

    /// One logged transmission, as the sender addressed it.
    struct LogEntry {
        var bytes: [UInt8]
        var source: TransportAddress
        var destination: TransportAddress
        var sentAt: Duration
        var delivered: Bool
    }

    let origin: ContinuousClock.Instant
    private(set) var now: ContinuousClock.Instant
    var delay: Duration = .milliseconds(20)
    /// Extra delay drawn uniformly from 0 to this: more than the gap between two datagrams
    /// reorders them.
    var jitter: Duration = .zero
    var lossRate = 0.0
    /// Hosts whose datagrams, both ways, vanish.
    var silenced: Set<IPAddress> = []
    /// Hosts whose outgoing datagrams vanish; they still receive.
    var mutedSenders: Set<IPAddress> = []
    /// Scripted endpoints (STUN servers, fake peers): an answer or nothing.
    var responders: [TransportAddress: (_ request: [UInt8], _ from: TransportAddress) -> [UInt8]?] = [:]

    private(set) var log: [LogEntry] = []
    private(set) var lostCount = 0
    /// Datagrams delivered before one that was sent earlier.
    private(set) var reorderedCount = 0
    private var inFlight: [Datagram] = []
    private var sequence = 0
    private var lastDeliveredSequence = -1
    private var random: SplitMix64
    private var natPublic: [TransportAddress: TransportAddress] = [:]
    private var natPrivate: [TransportAddress: TransportAddress] = [:]

    init(seed: UInt64) {
        random = SplitMix64(state: seed)
        origin = ContinuousClock.now
        now = origin
    }

    var elapsed: Duration { now - origin }

    /// `inside` sends as `outside`; datagrams to `outside` reach `inside`. `inside` itself is
    /// unreachable (nobody shares its private network).
    func addNAT(inside: TransportAddress, outside: TransportAddress) {
        natPublic[inside] = outside
        natPrivate[outside] = inside
    }

    func send(_ bytes: [UInt8], from source: TransportAddress, to destination: TransportAddress) {
        let seenSource = natPublic[source] ?? source
        let target = natPrivate[destination] ?? destination
        let lost = lossRate > 0 && Double(random.next() % 1_000_000) / 1_000_000 < lossRate
        let dropped = lost || silenced.contains(source.ip) || silenced.contains(target.ip) || mutedSenders.contains(source.ip)
            || natPublic[destination] != nil
        log.append(LogEntry(bytes: bytes, source: source, destination: destination, sentAt: elapsed, delivered: !dropped))
        if lost { lostCount += 1 }
        guard !dropped else { return }
        var extra = Duration.zero
        if jitter > .zero {
            extra = jitter * (Double(random.next() % 10_001) / 10_000)
        }
        inFlight.append(Datagram(bytes: bytes, source: seenSource, destination: target, sentAt: now,
                                 deliverAt: now + delay + extra, sequence: sequence))
        sequence += 1
    }

    var nextDelivery: ContinuousClock.Instant? {
        inFlight.map(\.deliverAt).min()
    }

    func advance(to instant: ContinuousClock.Instant) {
        if instant > now { now = instant }
    }

    /// Datagrams due now, in arrival order; scripted endpoints answer theirs here.
    func takeDue() -> [Datagram] {
        let due = inFlight.filter { $0.deliverAt <= now }.sorted { ($0.deliverAt, $0.sequence) < ($1.deliverAt, $1.sequence) }
        inFlight.removeAll { $0.deliverAt <= now }
        var forEndpoints: [Datagram] = []
        for datagram in due {
            if datagram.sequence < lastDeliveredSequence { reorderedCount += 1 }
            lastDeliveredSequence = max(lastDeliveredSequence, datagram.sequence)
            if let responder = responders[datagram.destination] {
                if let answer = responder(datagram.bytes, datagram.source) {
                    send(answer, from: datagram.destination, to: datagram.source)
                }
            } else {
                forEndpoints.append(datagram)
            }
        }
        return forEndpoints
    }
}

/// A STUN server (RFC 8489 §7.3): answers every Binding request with the source address it
/// saw as XOR-MAPPED-ADDRESS, as a public STUN server does.
enum InMemorySTUNServer {
    static func answer(_ bytes: [UInt8], from source: TransportAddress) -> [UInt8]? {
        guard let request = try? STUNMessage.decode(bytes), request.type == .bindingRequest else { return nil }
        return STUNMessage.bindingSuccessResponse(transactionID: request.transactionID, mappedAddress: source)
            .encode(fingerprint: true)
    }
}
