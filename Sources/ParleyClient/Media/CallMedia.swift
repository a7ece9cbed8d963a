import Foundation
import Logging
import NIOCore
import NIOPosix
import ParleyAudio
import ParleyRTC

/// The media side of one call: the I/O driver of DESIGN.md. It owns every peer's
/// `PeerConnection`, their UDP sockets, one timer and the audio clock; signalling goes in
/// through its methods and comes out as `events`.
///
/// Audio is encoded once per 20 ms frame and the same Opus packet goes to every connected peer;
/// received audio goes through a jitter buffer per peer, is mixed every 10 ms and handed to the
/// sink.
public actor CallMedia {
    public nonisolated let events: AsyncStream<MediaEvent>
    let eventSink: AsyncStream<MediaEvent>.Continuation
    let configuration: CallMediaConfiguration
    let logger: Logger
    let certificate: DTLSCertificate
    let wallClock: WallClockReference
    let group: any EventLoopGroup
    let hostAddresses: [IPAddress]

    var peers: [String: MediaPeer] = [:]
    /// Which peer a local socket address belongs to (every peer has sockets of its own).
    var socketOwners: [TransportAddress: String] = [:]

    let source: any AudioSource
    let sink: any AudioSink
    let encoder: OpusEncoder?
    var mixer: CallMixer
    var muted = false
    var audioStart: ContinuousClock.Instant?
    var framesSent: Int64 = 0
    var pullsDone: Int64 = 0
    var encoderLossPercentage: Int

    private var timerTask: Task<Void, Never>?
    private var datagramTask: Task<Void, Never>?
    private let datagramSink: AsyncStream<ReceivedDatagram>.Continuation
    private let datagrams: AsyncStream<ReceivedDatagram>
    var isShutDown = false

    public init(configuration: CallMediaConfiguration, source: sending any AudioSource, sink: sending any AudioSink,
                logger: Logger, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.configuration = configuration
        self.logger = logger
        self.group = group
        self.source = source
        self.sink = sink
        let now = ContinuousClock.now
        let secondsSince1970 = Date().timeIntervalSince1970
        wallClock = WallClockReference(instant: now, secondsSince1970: secondsSince1970)
        certificate = try DTLSCertificate(secondsSince1970: Int64(secondsSince1970))
        encoder = configuration.sends ? try OpusEncoder(configuration: configuration.encoder) : nil
        encoderLossPercentage = configuration.encoder.packetLossPercentage
        mixer = CallMixer()
        hostAddresses = configuration.hostAddresses ?? LocalInterfaces.addresses(includeLoopback: configuration.includeLoopback)
        (events, eventSink) = AsyncStream.makeStream(of: MediaEvent.self)
        (datagrams, datagramSink) = AsyncStream.makeStream(of: ReceivedDatagram.self, bufferingPolicy: .bufferingNewest(4096))
    }

    /// Starts the timer and the receive loop. Call once.
    public func start() {
        guard timerTask == nil, !isShutDown else { return }
        audioStart = .now
        let datagrams = self.datagrams
        datagramTask = Task { [weak self] in
            for await datagram in datagrams {
                guard let self else { return }
                await self.receive(datagram)
            }
        }
        timerTask = Task { [weak self] in
            while !Task.isCancelled {
                guard let self, let wake = await self.serviceTimers(now: .now) else { return }
                try? await Task.sleep(until: wake, tolerance: .milliseconds(1), clock: .continuous)
            }
        }
    }

    /// Closes every connection (RTCP BYE, DTLS close_notify), the sockets and the sink.
    public func shutDown() {
        guard !isShutDown else { return }
        isShutDown = true
        for id in Array(peers.keys) { removePeer(id) }
        timerTask?.cancel()
        datagramTask?.cancel()
        datagramSink.finish()
        sink.finish()
        eventSink.finish()
    }

    public var localFingerprint: String { certificate.fingerprint.description }

    public nonisolated var sends: Bool { configuration.sends }

    // MARK: Receiving

    func receive(_ datagram: ReceivedDatagram) {
        guard let id = socketOwners[datagram.localAddress], let peer = peers[id] else { return }
        let now = ContinuousClock.now
        peer.connection.handleDatagram(datagram.bytes, from: datagram.source, to: datagram.localAddress, now: now)
        drain(peer, now: now)
    }

    nonisolated func deliver(_ datagram: ReceivedDatagram) {
        datagramSink.yield(datagram)
    }

    // MARK: Timers

    /// Runs what is due; returns when to come back, or nil once shut down.
    func serviceTimers(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        guard !isShutDown else { return nil }
        for peer in peers.values {
            if let deadline = peer.connection.nextDeadline, deadline <= now {
                peer.connection.handleTimeout(now: now)
                drain(peer, now: now)
            }
        }
        runAudioClock(now: now)
        var wake = nextAudioTick()
        for peer in peers.values {
            if let deadline = peer.connection.nextDeadline, deadline < wake { wake = deadline }
        }
        return max(wake, now)
    }

    // MARK: Draining the core

    /// Sends what the connection queued and handles what it reported.
    func drain(_ peer: MediaPeer, now: ContinuousClock.Instant) {
        while let transmit = peer.connection.pollTransmit() {
            peer.sockets[transmit.source]?.send(transmit.bytes, to: transmit.destination)
        }
        while let event = peer.connection.pollEvent() {
            handle(event, of: peer, now: now)
        }
    }

    private func handle(_ event: PeerConnectionEvent, of peer: MediaPeer, now: ContinuousClock.Instant) {
        switch event {
        case let .localCandidate(candidate):
            eventSink.yield(.localCandidate(peer: peer.id, candidate: LocalCandidateSignal(
                candidate: candidate.description, sdpMid: peer.connection.audioMid,
                sdpMLineIndex: peer.connection.audioMLineIndex, usernameFragment: peer.connection.localCredentials.ufrag)))
        case .gatheringComplete:
            eventSink.yield(.localCandidate(peer: peer.id, candidate: LocalCandidateSignal(
                candidate: "", sdpMid: peer.connection.audioMid, sdpMLineIndex: peer.connection.audioMLineIndex,
                usernameFragment: peer.connection.localCredentials.ufrag)))
        case let .iceConnectionStateChanged(state):
            peer.statistics.iceConnectionState = state
            eventSink.yield(.iceConnectionStateChanged(peer: peer.id, state))
        case let .selectedCandidatePairChanged(local, remote):
            peer.statistics.localCandidateType = local.type.token
            peer.statistics.remoteCandidateType = remote.type.token
        case .dtlsStateChanged:
            break
        case let .connectionStateChanged(state):
            peer.statistics.connectionState = state
            logger.info("peer connection state", metadata: ["peer": "\(peer.id)", "state": "\(state)"])
            eventSink.yield(.connectionStateChanged(peer: peer.id, state))
        case .remoteSSRC:
            break
        case let .audio(audio):
            if peer.statistics.timeToFirstAudio == nil {
                let elapsed = peer.createdAt.duration(to: audio.arrival)
                peer.statistics.timeToFirstAudio = elapsed
                eventSink.yield(.firstAudio(peer: peer.id, sinceStart: elapsed))
            }
            peer.jitterBuffer.insert(packet: audio.payload, sequenceNumber: audio.sequenceNumber,
                                     timestamp: audio.timestamp, ssrc: audio.ssrc, arrival: audio.arrival)
        case let .receptionReport(report):
            if let rtt = report.roundTripTime { peer.statistics.roundTripTimeMilliseconds = rtt * 1000 }
            adaptEncoder(toPeerLoss: report.fractionLost)
        case .remoteGoodbye:
            break
        }
    }
}
