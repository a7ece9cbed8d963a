import Foundation
import Logging
import ParleyClient
import ParleyConfiguration
import ParleyTUI

/// The terminal client: the screen, one call at a time, and what keys and signals ask for.
/// The Orchestrator owns the protocol; this only carries intents to it and its state to the
/// screen.
public actor TerminalSession {
    public struct Options: Sendable {
        public var url: SignalingURL
        public var audio: AudioChoice
        public var media: CallMediaConfiguration
        public var bindings: KeyBindings
        public var pushToTalk: PushToTalkMode?
        /// Shown in the header (plain `parley`: the link to the embedded server's room).
        public var showsBrowserLink: Bool
        public var remoteHostNotice: String?

        public init(url: SignalingURL, audio: AudioChoice, media: CallMediaConfiguration, bindings: KeyBindings,
                    pushToTalk: PushToTalkMode?, showsBrowserLink: Bool, remoteHostNotice: String?) {
            self.url = url
            self.audio = audio
            self.media = media
            self.bindings = bindings
            self.pushToTalk = pushToTalk
            self.showsBrowserLink = showsBrowserLink
            self.remoteHostNotice = remoteHostNotice
        }
    }

    private struct Call {
        let orchestrator: Orchestrator
        let run: Task<CallState, Never>
        let forward: Task<Void, Never>
        var url: SignalingURL
    }

    private let options: Options
    private let ui: TerminalUI
    private let logger: Logger
    private var call: Call?
    private var presentation: CallPresentation
    private var lastState: CallState?
    private var mutedBeforeDeafen = false
    private var finished = false

    public init(options: Options, ui: TerminalUI, logger: Logger) {
        self.options = options
        self.ui = ui
        self.logger = logger
        presentation = CallPresentation(remoteHostNotice: options.remoteHostNotice,
                                        pushToTalkOpen: options.pushToTalk == nil ? nil : false)
    }

    /// Runs until the user quits or a signal ends it; returns a line to print after the screen
    /// has closed.
    public func run() async -> String {
        join(options.url)
        let intents = ui.intents
        let signals = ui.signals
        let session = self
        let signalTask = Task {
            for await signal in signals {
                await session.handle(signal)
            }
        }
        // The rooms list is live: refreshed quietly while the program runs.
        let roomsTask = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.roomsRefreshInterval)
                await session.refreshRooms(quietly: true)
            }
        }
        for await intent in intents {
            await handle(intent)
            if finished { break }
        }
        signalTask.cancel()
        roomsTask.cancel()
        await endCall(reason: "You left the room.")
        if let state = lastState, case let .ended(reason) = state.phase, !state.hasJoined { return reason }
        return "Left \(options.url.serverLabel)."
    }

    // MARK: Calls

    private func join(_ url: SignalingURL) {
        var presentation = self.presentation
        presentation.browserLink = options.showsBrowserLink ? url.browserLink : nil
        let orchestrator: Orchestrator
        do {
            let (callMedia, problems) = try Self.makeMedia(audio: options.audio, media: options.media, logger: logger)
            presentation.status = problems.isEmpty ? nil : problems.joined(separator: " ")
            orchestrator = Orchestrator(options: .init(url: url), media: callMedia, logger: logger)
        } catch {
            ui.show(rooms: RoomsViewModel(server: url.serverLabel, error: "Cannot start a call: \(error)"))
            ui.show(room: nil)
            return
        }
        self.presentation = presentation
        let session = self
        let states = orchestrator.states
        let forward = Task {
            for await state in states { await session.show(state) }
        }
        let pushToTalk = options.pushToTalk != nil
        let run = Task {
            // With push-to-talk the microphone starts closed.
            if pushToTalk { await orchestrator.setMuted(true) }
            return await orchestrator.run()
        }
        call = Call(orchestrator: orchestrator, run: run, forward: forward, url: url)
    }

    /// Opens the devices (a missing one makes the call one-way, with a message) and the media.
    private nonisolated static func makeMedia(audio: AudioChoice, media: CallMediaConfiguration,
                                              logger: Logger) throws -> (CallMedia, [String]) {
        let opened = audio.open(logger: logger)
        var configuration = media
        configuration.sends = opened.sends
        let problems = opened.problems
        let callMedia = try CallMedia(configuration: configuration, audio: opened.endpoints, logger: logger)
        return (callMedia, problems)
    }

    private func show(_ state: CallState) {
        lastState = state
        if case let .ended(reason) = state.phase {
            // Out of the call: the rooms list, with why.
            ui.show(room: nil)
            ui.show(rooms: RoomsViewModel(server: state.server, error: reason))
            return
        }
        ui.show(room: RoomViewModel(call: state, presentation: presentation))
    }

    private func endCall(reason: String) async {
        guard let call else { return }
        self.call = nil
        call.orchestrator.leave(reason: reason)
        _ = await call.run.value
        await call.forward.value
    }

    // MARK: Intents

    func handle(_ intent: UserIntent) async {
        guard !finished else { return }
        switch intent {
        case .toggleMute:
            guard let orchestrator = call?.orchestrator else { return }
            if options.pushToTalk != nil { return }
            await orchestrator.toggleMute()
        case .toggleDeafen:
            guard let orchestrator = call?.orchestrator else { return }
            let state = await orchestrator.currentState
            if state.deafened {
                await orchestrator.setDeafened(false)
                await orchestrator.setMuted(mutedBeforeDeafen)
            } else {
                // Deafened also means silent: nobody talks to a room they cannot hear.
                mutedBeforeDeafen = state.muted
                await orchestrator.setMuted(true)
                await orchestrator.setDeafened(true)
            }
        case let .pushToTalk(open):
            guard let orchestrator = call?.orchestrator else { return }
            presentation.pushToTalkOpen = open
            await orchestrator.setMuted(!open)
        case let .changePeerVolume(peerID, change):
            guard let orchestrator = call?.orchestrator else { return }
            let current = await orchestrator.currentState.peer(peerID)?.media.gainPercent ?? 100
            await orchestrator.setGain(percent: min(200, max(0, current + change)), for: peerID)
        case let .toggleLocalMute(peerID):
            guard let orchestrator = call?.orchestrator else { return }
            let muted = await orchestrator.currentState.peer(peerID)?.media.locallyMuted ?? false
            await orchestrator.setLocallyMuted(!muted, for: peerID)
        case .reconnectPeers:
            await call?.orchestrator.restartConnections()
        case let .joinRoom(name), let .createRoom(name):
            var url = call?.url ?? options.url
            url.room = name
            await endCall(reason: "You left for room \(name).")
            join(url)
        case .refreshRooms:
            await refreshRooms()
        case .leaveCall:
            await endCall(reason: "You left the room.")
            ui.show(room: nil)
            await refreshRooms()
        case .quit:
            finished = true
        }
    }

    static let roomsRefreshInterval: Duration = .seconds(3)

    private func refreshRooms(quietly: Bool = false) async {
        guard !finished else { return }
        let server = options.url.serverLabel
        if !quietly { ui.show(rooms: RoomsViewModel(server: server, isLoading: true)) }
        do {
            let rooms = try await ServerAPI(base: options.url.httpBase).rooms()
            ui.show(rooms: RoomsViewModel(server: server, rooms: rooms.map {
                RoomListing(name: $0.name, peerCount: $0.peers, maxPeers: $0.maxPeers)
            }))
        } catch {
            if case let .ended(reason)? = lastState?.phase, call == nil || quietly {
                ui.show(rooms: RoomsViewModel(server: server, error: "\(reason) (\(error))"))
            } else {
                ui.show(rooms: RoomsViewModel(server: server, error: "\(error)"))
            }
        }
    }

    // MARK: Signals

    func handle(_ signal: TerminalSignal) async {
        if signal == .hangup, let orchestrator = call?.orchestrator {
            // The terminal is gone (SSH dropped): stop sending at once, then leave.
            await orchestrator.setMuted(true)
        }
        finished = true
        await endCall(reason: signal == .hangup ? "The terminal hung up." : "Interrupted.")
        ui.close()
    }
}
