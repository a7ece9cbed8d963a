import Logging
import ParleyRTC
import ParleySignaling

/// The terminal's Orchestrator, mirroring the browser's (Web/js/orchestrator.js): the signalling
/// protocol of PROTOCOL.md on one side, one peer connection per remote peer on the other.
///
/// Roles never change: peers already in the room offer to a newcomer when they get `joined`;
/// the newcomer answers. Every input (a signalling message, a media event, a timer) is handled
/// in turn, so an answer or a candidate is never applied before the description it depends on.
public actor Orchestrator {
    public struct Options: Sendable {
        public var url: SignalingURL
        /// Reconnect with backoff when an established connection drops.
        public var reconnects: Bool
        /// How often statistics and levels are refreshed into the published state.
        public var statisticsInterval: Duration
        /// How the signaling connection notices a dead server or path.
        public var liveness = SignalingConnection.Liveness()

        public init(url: SignalingURL, reconnects: Bool = true, statisticsInterval: Duration = .milliseconds(100)) {
            self.url = url
            self.reconnects = reconnects
            self.statisticsInterval = statisticsInterval
        }
    }

    enum Input: Sendable {
        case signaling(generation: Int, SignalingConnectionEvent)
        case media(MediaEvent)
        case reconnect(generation: Int)
        case refreshStatistics
        case leave(reason: String)
        case restartICE(peer: String)
        case iceRestartTimedOut(peer: String, attempts: Int)
    }

    /// The newest call state after every change. One consumer.
    public nonisolated let states: AsyncStream<CallState>
    let stateSink: AsyncStream<CallState>.Continuation
    let inputs: AsyncStream<Input>
    let inputSink: AsyncStream<Input>.Continuation

    let options: Options
    let media: CallMedia
    let logger: Logger
    var state: CallState
    var connection: SignalingConnection?
    var generation = 0
    var backoff = ReconnectBackoff()
    var hasEverJoined = false
    var isLeaving = false
    /// Peers that left; late messages from them must not bring them back.
    var gone = RecentSet(capacity: 256)
    /// ICE restarts under way or planned, per peer we offered to.
    var iceRestarts: [String: ICERestartSchedule] = [:]

    public init(options: Options, media: CallMedia, logger: Logger) {
        self.options = options
        self.media = media
        self.logger = logger
        state = CallState(server: options.url.serverLabel, room: options.url.room, selfName: options.url.name,
                          sending: true)
        (states, stateSink) = AsyncStream.makeStream(of: CallState.self, bufferingPolicy: .bufferingNewest(1))
        (inputs, inputSink) = AsyncStream.makeStream(of: Input.self)
    }

    /// Joins and handles the call until it ends (`leave`, a refusal, or an unrecoverable
    /// failure); returns the final state.
    @discardableResult
    public func run() async -> CallState {
        await media.start()
        state.sending = media.sends
        let mediaEvents = media.events
        let sink = inputSink
        let mediaTask = Task {
            for await event in mediaEvents { sink.yield(.media(event)) }
        }
        let interval = options.statisticsInterval
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                sink.yield(.refreshStatistics)
            }
        }
        connect()
        publish()
        for await input in inputs {
            await handle(input)
            if case .ended = state.phase { break }
        }
        ticker.cancel()
        mediaTask.cancel()
        await media.shutDown()
        publish()
        stateSink.finish()
        return state
    }

    /// Leaves the room: peers get `left` from the server, connections send BYE and close.
    public nonisolated func leave(reason: String = "You left the room.") {
        inputSink.yield(.leave(reason: reason))
    }

    // MARK: Controls

    public func setMuted(_ muted: Bool) async {
        state.muted = muted
        await media.setMuted(muted)
        publish()
    }

    public func toggleMute() async { await setMuted(!state.muted) }

    public func setDeafened(_ deafened: Bool) async {
        state.deafened = deafened
        await media.setDeafened(deafened)
        publish()
    }

    public func setGain(percent: Int, for peerID: String) async {
        await media.setGain(percent: percent, for: peerID)
        await refreshStatistics()
    }

    public func setLocallyMuted(_ muted: Bool, for peerID: String) async {
        await media.setLocallyMuted(muted, for: peerID)
        await refreshStatistics()
    }

    /// Restarts ICE with every connected or connecting peer now, whoever offered first: what
    /// a user asks for when audio has stopped and they suspect the network.
    public func restartConnections() async {
        for peer in state.peers where peer.signaling != .awaitingOffer {
            iceRestarts[peer.id] = ICERestartSchedule(attempts: 0, isScheduled: true)
            await restartICE(peer.id, evenIfConnected: true)
        }
        publish()
    }

    /// For tests of how a server treats odd input.
    public func sendRaw(_ text: String) { connection?.sendRaw(text) }

    public var currentState: CallState { state }

    // MARK: Inputs

    func handle(_ input: Input) async {
        switch input {
        case let .signaling(generation, event):
            guard generation == self.generation else { return }
            await handle(event)
        case let .media(event):
            await handle(event)
        case let .reconnect(generation):
            guard generation == self.generation, !isLeaving else { return }
            connect()
        case .refreshStatistics:
            await refreshStatistics()
            return
        case let .leave(reason):
            await end(reason: reason, closeSignaling: true)
        case let .restartICE(peer):
            await restartICE(peer)
        case let .iceRestartTimedOut(peer, attempts):
            iceRestartTimedOut(peer, attempts: attempts)
        }
        publish()
    }

    private func handle(_ event: SignalingConnectionEvent) async {
        switch event {
        case .opened:
            logger.debug("signaling open", metadata: ["url": "\(options.url)"])
        case let .message(envelope):
            await handle(envelope)
        case let .undecodable(text, reason):
            logger.warning("ignoring a frame that is not an envelope",
                           metadata: ["reason": "\(reason)", "frame": "\(text.prefix(200))"])
        case let .closed(end):
            await signalingEnded(end)
        }
    }

    private func signalingEnded(_ ending: SignalingConnectionEnd) async {
        connection = nil
        if isLeaving { return }
        await dropAllPeers()
        state.selfID = nil
        let reason = ending.description
        guard options.reconnects, hasEverJoined else {
            let text = ending.wasOpen
                ? "The server closed the connection before we were in the room (\(reason))."
                : "Could not join: \(reason)."
            await end(reason: text, closeSignaling: false)
            return
        }
        let delay = backoff.nextDelay()
        state.phase = .reconnecting(attempt: backoff.attempt, retryIn: delay, reason: reason)
        appendLog(.error, "Disconnected from the server (\(reason)); retrying in \(Self.format(delay)).")
        let generation = self.generation
        let sink = inputSink
        Task {
            try? await Task.sleep(for: delay)
            sink.yield(.reconnect(generation: generation))
        }
    }

    private func connect() {
        generation += 1
        let generation = self.generation
        let connection = SignalingConnection(url: options.url, liveness: options.liveness, logger: logger)
        self.connection = connection
        if case .reconnecting = state.phase {} else { state.phase = .connecting }
        let sink = inputSink
        Task {
            for await event in connection.events { sink.yield(.signaling(generation: generation, event)) }
        }
    }

    private func end(reason: String, closeSignaling: Bool) async {
        guard !isLeaving else { return }
        isLeaving = true
        await dropAllPeers()
        if closeSignaling { connection?.close() }
        connection = nil
        state.phase = .ended(reason: reason)
        appendLog(.info, reason)
    }

    private func dropAllPeers() async {
        for peer in state.peers { await media.removePeer(peer.id) }
        state.peers.removeAll()
        iceRestarts.removeAll()
    }

    // MARK: Helpers

    func publish() { stateSink.yield(state) }

    func appendLog(_ kind: CallLogEntry.Kind, _ text: String) {
        state.log.append(CallLogEntry(kind: kind, text: text))
        if state.log.count > CallState.logCapacity { state.log.removeFirst(state.log.count - CallState.logCapacity) }
        switch kind {
        case .error: logger.warning("\(text)")
        default: logger.info("\(text)")
        }
    }

    func refreshStatistics() async {
        let statistics = await media.statistics()
        for index in state.peers.indices {
            if let row = statistics[state.peers[index].id] { state.peers[index].media = row }
        }
        let activity = await media.selfActivity()
        state.selfLevelDBFS = activity.levelDBFS
        state.selfSpeaking = activity.speaking
        publish()
    }

    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        return seconds < 10 ? "\((seconds * 10).rounded() / 10) s" : "\(Int(seconds.rounded())) s"
    }
}

/// A bounded set that forgets its oldest member first.
struct RecentSet: Sendable {
    let capacity: Int
    private var order: [String] = []
    private var members: Set<String> = []

    init(capacity: Int) { self.capacity = capacity }

    func contains(_ member: String) -> Bool { members.contains(member) }

    mutating func insert(_ member: String) {
        guard members.insert(member).inserted else { return }
        order.append(member)
        if order.count > capacity { members.remove(order.removeFirst()) }
    }
}
