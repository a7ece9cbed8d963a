/// The screen's state machine: which page shows, the selection, prompts and push-to-talk.
/// It turns key presses into `UserIntent`s given the current screen, and composes the
/// `ScreenState` the layout draws. Pure: no terminal, no clock (time is passed in).
public struct ScreenController: Sendable {
    public typealias Instant = ContinuousClock.Instant

    public struct Options: Sendable {
        public var bindings: KeyBindings
        /// nil: no push-to-talk (the key does nothing).
        public var pushToTalk: PushToTalkMode?
        /// Percentage points per volume key press.
        public var volumeStep: Int
        /// Why a typed room name is refused, or nil to accept it (e.g. `RoomName.problem`).
        public var roomNameProblem: (@Sendable (String) -> String?)?
        /// Typing stops here; the server's own limit is checked by `roomNameProblem`.
        public var maximumRoomNameLength: Int

        public init(
            bindings: KeyBindings = .defaults,
            pushToTalk: PushToTalkMode? = nil,
            volumeStep: Int = 10,
            roomNameProblem: (@Sendable (String) -> String?)? = nil,
            maximumRoomNameLength: Int = 64
        ) {
            self.bindings = bindings
            self.pushToTalk = pushToTalk
            self.volumeStep = volumeStep
            self.roomNameProblem = roomNameProblem
            self.maximumRoomNameLength = maximumRoomNameLength
        }
    }

    public enum Page: Sendable, Equatable {
        case room
        case rooms
    }

    public enum Prompt: Sendable, Equatable {
        case confirmLeave
        case newRoom(text: String, problem: String?)
    }

    /// What a key press led to.
    public struct Outcome: Sendable, Equatable {
        public var intents: [UserIntent]
        /// The user asked for the whole screen to be repainted (ctrl-l).
        public var repaint: Bool

        public init(intents: [UserIntent] = [], repaint: Bool = false) {
            self.intents = intents
            self.repaint = repaint
        }
    }

    public let options: Options
    public private(set) var page: Page = .rooms
    public private(set) var showingHelp = false
    public private(set) var prompt: Prompt?
    public private(set) var message: (text: String, isError: Bool)?
    public private(set) var room: RoomViewModel?
    public private(set) var rooms: RoomsViewModel
    public private(set) var selectedPeerID: String?
    public private(set) var selectedRoomName: String?
    public private(set) var pushToTalk: PushToTalk?
    private var selectedPeerIndex = 0
    private var selectedRoomIndex = 0
    private let help: HelpViewModel

    public init(options: Options = Options(), rooms: RoomsViewModel = RoomsViewModel(server: "", isLoading: true)) {
        self.options = options
        self.rooms = rooms
        pushToTalk = options.pushToTalk.map(PushToTalk.init(mode:))
        help = HelpViewModel(bindings: options.bindings, pushToTalk: options.pushToTalk)
        reconcileRoomSelection()
    }

    // MARK: - Models from the caller

    /// The call's state, or nil when not in a call. Joining shows the room page; leaving shows
    /// the rooms page.
    public mutating func update(room newRoom: RoomViewModel?) {
        let previousRoomName = room?.room
        room = newRoom
        if let newRoom, newRoom.room != previousRoomName {
            // Joined, or switched rooms: show the call.
            page = .room
            if case .newRoom = prompt { prompt = nil }
            message = nil
        } else if newRoom == nil, previousRoomName != nil {
            page = .rooms
            if prompt == .confirmLeave { prompt = nil }
            _ = pushToTalk?.reset()
        }
        if previousRoomName != newRoom?.room {
            selectedPeerID = nil
            selectedPeerIndex = 0
        }
        reconcilePeerSelection()
    }

    public mutating func update(rooms newRooms: RoomsViewModel) {
        rooms = newRooms
        reconcileRoomSelection()
    }

    // MARK: - Keys and time

    public mutating func handle(_ key: KeyPress, now: Instant) -> Outcome {
        if key == .resize { return Outcome() }
        if case .newRoom(let text, let problem) = prompt {
            return handleTyping(key, text: text, problem: problem)
        }
        message = nil
        let actions = options.bindings.actions(for: key)
        if prompt == .confirmLeave {
            if actions.contains(.confirmYes) {
                prompt = nil
                return Outcome(intents: [.leaveCall])
            }
            if actions.contains(.confirmNo) || actions.contains(.back) {
                prompt = nil
            }
            return Outcome()
        }
        if showingHelp {
            for action in actions {
                switch action {
                case .showHelp, .back, .leave:
                    showingHelp = false
                    return Outcome()
                case .toggleMute, .toggleDeafen, .pushToTalk, .redraw:
                    return perform(action, now: now)
                default:
                    continue
                }
            }
            return Outcome()
        }
        let relevant: Set<UIAction> = switch currentPage {
        case .room: [.toggleMute, .toggleDeafen, .pushToTalk, .selectPrevious, .selectNext, .volumeUp, .volumeDown,
                     .toggleLocalMute, .reconnect, .showRooms, .showHelp, .leave, .redraw]
        case .rooms: [.toggleMute, .toggleDeafen, .pushToTalk, .selectPrevious, .selectNext, .enter, .newRoom,
                      .showRooms, .back, .showHelp, .leave, .redraw]
        }
        guard let action = actions.first(where: relevant.contains) else { return Outcome() }
        return perform(action, now: now)
    }

    /// Closes push-to-talk when its window passed. Call at `nextDeadline`.
    public mutating func tick(now: Instant) -> [UserIntent] {
        guard let change = pushToTalk?.tick(now: now) else { return [] }
        return [.pushToTalk(open: change)]
    }

    /// When `tick` has something to do; nil when nothing is pending.
    public var nextDeadline: Instant? {
        pushToTalk?.closesAt
    }

    private var currentPage: Page {
        room == nil ? .rooms : page
    }

    private mutating func perform(_ action: UIAction, now: Instant) -> Outcome {
        let inCall = room != nil
        switch action {
        case .toggleMute:
            return Outcome(intents: inCall ? [.toggleMute] : [])
        case .toggleDeafen:
            return Outcome(intents: inCall ? [.toggleDeafen] : [])
        case .pushToTalk:
            guard inCall, room?.micState != .listenOnly, let change = pushToTalk?.keyPressed(at: now) else { return Outcome() }
            return Outcome(intents: [.pushToTalk(open: change)])
        case .selectPrevious:
            moveSelection(by: -1)
        case .selectNext:
            moveSelection(by: 1)
        case .volumeUp, .volumeDown:
            guard let peer = selectedPeerID else { return Outcome() }
            let step = action == .volumeUp ? options.volumeStep : -options.volumeStep
            return Outcome(intents: [.changePeerVolume(peerID: peer, by: step)])
        case .toggleLocalMute:
            guard let peer = selectedPeerID else { return Outcome() }
            return Outcome(intents: [.toggleLocalMute(peerID: peer)])
        case .reconnect:
            return Outcome(intents: inCall ? [.reconnectPeers] : [])
        case .showRooms:
            if inCall && currentPage == .rooms {
                page = .room
                return Outcome()
            }
            page = .rooms
            return Outcome(intents: [.refreshRooms])
        case .back:
            if inCall { page = .room }
        case .showHelp:
            showingHelp = true
        case .leave:
            if inCall {
                prompt = .confirmLeave
            } else {
                return Outcome(intents: [.quit])
            }
        case .newRoom:
            prompt = .newRoom(text: "", problem: nil)
        case .enter:
            guard let name = selectedRoomName else { return Outcome() }
            if room?.room == name {
                page = .room
                return Outcome()
            }
            message = ("Joining \(name)…", false)
            return Outcome(intents: [.joinRoom(name)])
        case .redraw:
            return Outcome(repaint: true)
        case .confirmYes, .confirmNo:
            break
        }
        return Outcome()
    }

    private mutating func handleTyping(_ key: KeyPress, text: String, problem: String?) -> Outcome {
        var text = text
        switch key {
        case .escape:
            prompt = nil
            return Outcome()
        case .enter:
            let name = String(text.trimmingWhitespace)
            if let problem = name.isEmpty ? "a room name must not be empty" : options.roomNameProblem?(name) {
                prompt = .newRoom(text: text, problem: problem)
                return Outcome()
            }
            prompt = nil
            message = ("Joining \(name)…", false)
            return Outcome(intents: [.createRoom(name)])
        case .backspace, .delete:
            if !text.isEmpty { text.removeLast() }
        case .control("u"):
            text = ""
        case .control("l"):
            return Outcome(repaint: true)
        case .character(let c):
            if text.count < options.maximumRoomNameLength { text.append(c) }
        default:
            return Outcome()
        }
        prompt = .newRoom(text: text, problem: nil)
        return Outcome()
    }

    private mutating func moveSelection(by step: Int) {
        switch currentPage {
        case .room:
            guard let peers = room?.peers, !peers.isEmpty else { return }
            let current = selectedPeerID.flatMap { id in peers.firstIndex { $0.id == id } } ?? 0
            selectedPeerIndex = min(peers.count - 1, max(0, current + step))
            selectedPeerID = peers[selectedPeerIndex].id
        case .rooms:
            guard !rooms.rooms.isEmpty else { return }
            let current = selectedRoomName.flatMap { name in rooms.rooms.firstIndex { $0.name == name } } ?? 0
            selectedRoomIndex = min(rooms.rooms.count - 1, max(0, current + step))
            selectedRoomName = rooms.rooms[selectedRoomIndex].name
        }
    }

    /// Keeps the selection on the same peer when it is still there; otherwise on the row where
    /// it was (the next peer moves up into it), or the last one.
    private mutating func reconcilePeerSelection() {
        guard let peers = room?.peers, !peers.isEmpty else {
            selectedPeerID = nil
            return
        }
        if let id = selectedPeerID, let index = peers.firstIndex(where: { $0.id == id }) {
            selectedPeerIndex = index
            return
        }
        selectedPeerIndex = min(selectedPeerIndex, peers.count - 1)
        selectedPeerID = peers[selectedPeerIndex].id
    }

    private mutating func reconcileRoomSelection() {
        let list = rooms.rooms
        guard !list.isEmpty else {
            selectedRoomName = nil
            return
        }
        if let name = selectedRoomName, let index = list.firstIndex(where: { $0.name == name }) {
            selectedRoomIndex = index
            return
        }
        selectedRoomIndex = min(selectedRoomIndex, list.count - 1)
        selectedRoomName = list[selectedRoomIndex].name
    }

    // MARK: - What to draw

    public var screenState: ScreenState {
        let call = room.map { CallSummary(room: $0.room, micState: $0.micState) }
        let pageState: ScreenState.Page
        if showingHelp {
            pageState = .help(help, call: call)
        } else if currentPage == .room, let room {
            pageState = .room(room, selectedPeerID: selectedPeerID)
        } else {
            pageState = .rooms(rooms, selectedRoom: selectedRoomName, call: call)
        }
        return ScreenState(page: pageState, bottomLine: bottomLine)
    }

    private var bottomLine: BottomLine {
        switch prompt {
        case .confirmLeave:
            let yes = options.bindings.keys(for: .confirmYes).first?.displayName ?? "y"
            let no = options.bindings.keys(for: .confirmNo).first?.displayName ?? "n"
            return .question("Leave the call? \(yes)/\(no)")
        case .newRoom(let text, let problem):
            return .textInput(label: problem.map { "\($0). New room name:" } ?? "New room name:", text: text)
        case nil:
            break
        }
        if let message {
            return .message(message.text, isError: message.isError)
        }
        return .hints(hints)
    }

    private var hints: [KeyHint] {
        let bindings = options.bindings
        func key(_ action: UIAction) -> String? {
            bindings.keys(for: action).first?.displayName
        }
        func pair(_ a: UIAction, _ b: UIAction) -> String? {
            guard let first = bindings.keys(for: a).first, let second = bindings.keys(for: b).first else { return nil }
            let arrows: Set<KeyPress> = [.up, .down, .left, .right]
            if arrows.contains(first) && arrows.contains(second) { return first.displayName + second.displayName }
            return first.displayName + "/" + second.displayName
        }
        var list: [(String?, String, Int)] = []
        if showingHelp {
            list = [(key(.back) ?? key(.showHelp), "close help", 0)]
            return list.compactMap { k, label, p in k.map { KeyHint(key: $0, label: label, priority: p) } }
        }
        let mic = room?.micState
        let muteLabel = mic == .muted ? "unmute" : "mute"
        let deafenLabel = mic == .deafened ? "undeafen" : "deafen"
        let inCall = room != nil
        switch currentPage {
        case .room:
            list.append((key(.toggleMute), muteLabel, 1))
            list.append((key(.toggleDeafen), deafenLabel, 3))
            if options.pushToTalk != nil { list.append((key(.pushToTalk), "talk", 2)) }
            list.append((pair(.selectPrevious, .selectNext), "select", 5))
            list.append((pair(.volumeUp, .volumeDown), "volume", 6))
            list.append((key(.toggleLocalMute), "mute peer", 7))
            list.append((key(.showRooms), "rooms", 8))
            list.append((key(.showHelp), "help", 0))
            list.append((key(.leave), "leave", 2))
        case .rooms:
            list.append((key(.enter), "join", 1))
            list.append((key(.newRoom), "new room", 2))
            list.append((pair(.selectPrevious, .selectNext), "select", 4))
            if inCall {
                list.append((key(.toggleMute), muteLabel, 3))
                list.append((key(.showRooms), "back to call", 5))
            } else {
                list.append((key(.showRooms), "refresh", 6))
            }
            list.append((key(.showHelp), "help", 0))
            list.append((key(.leave), inCall ? "leave" : "quit", 2))
        }
        return list.compactMap { k, label, p in k.map { KeyHint(key: $0, label: label, priority: p) } }
    }
}
