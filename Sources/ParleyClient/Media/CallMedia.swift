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
///
/// The actor runs on one SwiftNIO event loop, the same one its sockets and its timer use, so a
/// datagram or a timeout is handled on the thread that received it: no hop to another thread
/// per packet or per tick (each hop was a context switch, and they were most of the CPU).
public actor CallMedia {
    public nonisolated let events: AsyncStream<MediaEvent>
    let eventSink: AsyncStream<MediaEvent>.Continuation
    let configuration: CallMediaConfiguration
    let logger: Logger
    let certificate: DTLSCertificate
    let wallClock: WallClockReference
    nonisolated let eventLoop: any EventLoop
    let hostAddresses: [IPAddress]

    var peers: [String: MediaPeer] = [:]
    /// Which peer a local socket address belongs to (every peer has sockets of its own).
    var socketOwners: [TransportAddress: String] = [:]

    let source: any AudioSource
    let sink: any AudioSink
    let encoder: OpusEncoder?
    var mixer = AudioMixer<String>()
    /// The playback tick's buffers, reused every 10 ms.
    var pulledFrame = [Int16](repeating: 0, count: JitterBuffer.samplesPerPull)
    var mixedFrame = [Int16](repeating: 0, count: JitterBuffer.samplesPerPull)
    var selfSpeaking = SpeakingDetector()
    var selfLevel = AudioLevel.silence
    var muted = false
    var audioStart: ContinuousClock.Instant?
    var framesSent: Int64 = 0
    var pullsDone: Int64 = 0
    var encoderLossPercentage: Int

    private var timer: Scheduled<Void>?
    private var started = false
    var isShutDown = false

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        eventLoop.executor.asUnownedSerialExecutor()
    }

    public init(configuration: CallMediaConfiguration, source: sending any AudioSource, sink: sending any AudioSink,
                logger: Logger, eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()) throws {
        try self.init(configuration: configuration, audio: AudioEndpoints(source: source, sink: sink), logger: logger,
                      eventLoop: eventLoop)
    }

    public init(configuration: CallMediaConfiguration, audio: sending AudioEndpoints,
                logger: Logger, eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()) throws {
        let source = audio.source
        let sink = audio.sink
        self.configuration = configuration
        self.logger = logger
        self.eventLoop = eventLoop
        self.source = source
        self.sink = sink
        let now = ContinuousClock.now
        let secondsSince1970 = Date().timeIntervalSince1970
        wallClock = WallClockReference(instant: now, secondsSince1970: secondsSince1970)
        certificate = try DTLSCertificate(secondsSince1970: Int64(secondsSince1970))
        encoder = configuration.sends ? try OpusEncoder(configuration: configuration.encoder) : nil
        encoderLossPercentage = configuration.encoder.packetLossPercentage
        hostAddresses = configuration.hostAddresses ?? LocalInterfaces.addresses(includeLoopback: configuration.includeLoopback)
        (events, eventSink) = AsyncStream.makeStream(of: MediaEvent.self)
    }

    /// Starts the timer. Call once.
    public func start() {
        guard !started, !isShutDown else { return }
        started = true
        audioStart = .now
        scheduleTimer(at: .now)
    }

    private func scheduleTimer(at wake: ContinuousClock.Instant) {
        let delay = ContinuousClock.now.duration(to: wake)
        let nanoseconds = max(0, delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000)
        timer = eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { [self] in
            assumeIsolated { media in
                guard let next = media.serviceTimers(now: .now) else { return }
                media.scheduleTimer(at: next)
            }
        }
    }

    /// Closes every connection (RTCP BYE, DTLS close_notify), the sockets and the sink.
    public func shutDown() {
        guard !isShutDown else { return }
        isShutDown = true
        for id in Array(peers.keys) { removePeer(id) }
        timer?.cancel()
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

    /// Called by the sockets' handlers, which run on this actor's event loop.
    nonisolated func deliver(_ datagram: ReceivedDatagram) {
        assumeIsolated { $0.receive(datagram) }
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
            peer.sockets[transmit.source]?.send(transmit.bytes, to: peer.socketAddress(for: transmit.destination))
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
            closeRetiredSockets(of: peer, keeping: local.base)
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
                eventSink.yield(.firstAudio(peer: peer.id, arrival: audio.arrival))
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
