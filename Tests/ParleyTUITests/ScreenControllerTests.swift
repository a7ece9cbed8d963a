import Testing
@testable import ParleyTUI

@Suite("Screen controller")
struct ScreenControllerTests {
    let now = ContinuousClock.now
    let rooms = RoomsViewModel(server: "wss://x", rooms: [
        RoomListing(name: "standup", peerCount: 2), RoomListing(name: "random", peerCount: 0), RoomListing(name: "lobby", peerCount: 1),
    ])

    func inCall(_ options: ScreenController.Options = .init()) -> ScreenController {
        var controller = ScreenController(options: options, rooms: rooms)
        controller.update(room: Fixtures.room())
        return controller
    }

    func press(_ keys: [KeyPress], _ controller: inout ScreenController, at time: ContinuousClock.Instant? = nil) -> [UserIntent] {
        keys.flatMap { controller.handle($0, now: time ?? now).intents }
    }

    func page(_ controller: ScreenController) -> String {
        switch controller.screenState.page {
        case .room: "room"
        case .rooms: "rooms"
        case .help: "help"
        }
    }

    @Test("Call keys become intents on the room page")
    func callKeys() {
        var c = inCall()
        #expect(page(c) == "room")
        #expect(press([.character("m")], &c) == [.toggleMute])
        #expect(press([.character("d")], &c) == [.toggleDeafen])
        #expect(c.selectedPeerID == "a1b2c3d4e5", "the first peer is selected on joining")
        #expect(press([.character("+")], &c) == [.changePeerVolume(peerID: "a1b2c3d4e5", by: 10)])
        #expect(press([.down, .character("-")], &c) == [.changePeerVolume(peerID: "b2c3d4e5f6", by: -10)])
        #expect(press([.character("j"), .character("x")], &c) == [.toggleLocalMute(peerID: "c3d4e5f6a7")])
        #expect(press([.character("c")], &c) == [.reconnectPeers])
        #expect(press([.character("k"), .up, .up, .up], &c) == [])
        #expect(c.selectedPeerID == "a1b2c3d4e5", "selection stops at the top")
        #expect(press(Array(repeating: .down, count: 20), &c) == [])
        #expect(c.selectedPeerID == "e5f6a7b8c9", "selection stops at the bottom")
        #expect(press([.character("z"), .function(9), .tab], &c) == [], "unbound keys do nothing")
    }

    @Test("Selection follows the peer through reordering, and moves to the neighbour when it leaves")
    func selectionFollowsPeer() {
        var c = inCall()
        _ = press([.down, .down], &c)
        #expect(c.selectedPeerID == "c3d4e5f6a7")
        var model = Fixtures.room()
        model.peers.reverse()
        c.update(room: model)
        #expect(c.selectedPeerID == "c3d4e5f6a7")
        // The selected peer leaves: the one that moves into its row is selected.
        let index = model.peers.firstIndex { $0.id == "c3d4e5f6a7" }!
        model.peers.remove(at: index)
        c.update(room: model)
        #expect(c.selectedPeerID == model.peers[index].id)
        model.peers.removeAll()
        c.update(room: model)
        #expect(c.selectedPeerID == nil)
        #expect(press([.character("+"), .character("x")], &c) == [], "no target, no intent")
    }

    @Test("q asks before leaving; y leaves, n and Esc cancel, other keys are ignored meanwhile")
    func leaveConfirmation() {
        var c = inCall()
        #expect(press([.character("q")], &c) == [])
        #expect(c.screenState.bottomLine == .question("Leave the call? y/n"))
        #expect(press([.character("m"), .character("d"), .space], &c) == [], "a question swallows other keys")
        #expect(press([.character("n")], &c) == [])
        #expect(c.prompt == nil)
        _ = press([.character("q")], &c)
        #expect(press([.escape], &c) == [])
        #expect(c.prompt == nil)
        _ = press([.character("q")], &c)
        #expect(press([.character("y")], &c) == [.leaveCall])
        // The caller ends the call: back to the rooms page.
        c.update(room: nil)
        #expect(page(c) == "rooms")
        #expect(press([.character("q")], &c) == [.quit], "outside a call q quits without asking")
    }

    @Test("The rooms page: r opens it (and asks for a refresh), Enter joins, the own room goes back")
    func roomsPage() {
        var c = inCall()
        #expect(press([.character("r")], &c) == [.refreshRooms])
        #expect(page(c) == "rooms")
        #expect(c.selectedRoomName == "standup")
        #expect(press([.character("j"), .enter], &c) == [.joinRoom("random")])
        #expect(c.screenState.bottomLine == .message("Joining random…", isError: false))
        _ = press([.character("k")], &c)
        #expect(press([.enter], &c) == [], "Enter on the call's own room goes back to it")
        #expect(page(c) == "room")
        _ = press([.character("r")], &c)
        #expect(press([.character("r")], &c) == [], "r again goes back to the call")
        #expect(page(c) == "room")
        _ = press([.character("r")], &c)
        _ = press([.escape], &c)
        #expect(page(c) == "room")
        // m still mutes while the rooms list shows.
        _ = press([.character("r")], &c)
        #expect(press([.character("m")], &c) == [.toggleMute])
    }

    @Test("Switching rooms from the rooms list shows the new call")
    func switchRooms() {
        var c = inCall()
        _ = press([.character("r"), .down], &c)
        #expect(press([.enter], &c) == [.joinRoom("random")])
        var next = Fixtures.room()
        next.room = "random"
        c.update(room: next)
        #expect(page(c) == "room")
        #expect(c.message == nil, "the joining message goes once joined")
        // A mere update of the same room leaves the page alone.
        _ = press([.character("r")], &c)
        c.update(room: next)
        #expect(page(c) == "rooms")
    }

    @Test("Room selection sticks to the name when the list changes")
    func roomSelection() {
        var c = ScreenController(rooms: rooms)
        _ = press([.down, .down], &c)
        #expect(c.selectedRoomName == "lobby")
        c.update(rooms: RoomsViewModel(server: "wss://x", rooms: [RoomListing(name: "new", peerCount: 1)] + rooms.rooms))
        #expect(c.selectedRoomName == "lobby")
        #expect(press([.enter], &c) == [.joinRoom("lobby")])
        c.update(rooms: RoomsViewModel(server: "wss://x"))
        #expect(c.selectedRoomName == nil)
        #expect(press([.enter], &c) == [])
    }

    @Test("n asks for a name; typing never triggers key bindings; the name is checked")
    func newRoomPrompt() {
        let options = ScreenController.Options(roomNameProblem: { $0.contains("/") ? "no '/' in a room name" : nil })
        var c = ScreenController(options: options, rooms: rooms)
        _ = press([.character("n")], &c)
        #expect(c.screenState.bottomLine == .textInput(label: "New room name:", text: ""))
        #expect(press("mdq?x r/".map { .character($0) }, &c) == [], "letters are text here")
        _ = press([.backspace], &c)
        #expect(c.screenState.bottomLine == .textInput(label: "New room name:", text: "mdq?x r"))
        _ = press([.character("/")], &c)
        #expect(press([.enter], &c) == [])
        #expect(c.screenState.bottomLine == .textInput(label: "no '/' in a room name. New room name:", text: "mdq?x r/"))
        _ = press([.control("u")], &c)
        _ = press([.character(" ")], &c)
        #expect(press([.enter], &c) == [])
        #expect(c.prompt == .newRoom(text: " ", problem: "a room name must not be empty"))
        _ = press([.control("u")], &c)
        #expect(press(" 会議 ".map { .character($0) } + [.enter], &c) == [.createRoom("会議")])
        #expect(c.prompt == nil)
        _ = press([.character("n")], &c)
        #expect(press([.escape], &c) == [])
        #expect(c.prompt == nil)
    }

    @Test("Typed names stop at the length limit")
    func nameLength() {
        var c = ScreenController(options: .init(maximumRoomNameLength: 5), rooms: rooms)
        _ = press([.character("n")] + "abcdefgh".map { .character($0) }, &c)
        #expect(c.prompt == .newRoom(text: "abcde", problem: nil))
    }

    @Test("Help opens with ?, lists the keys, closes with ?, Esc or q; mute still works in it")
    func help() {
        var c = inCall()
        _ = press([.character("?")], &c)
        #expect(page(c) == "help")
        #expect(press([.character("m")], &c) == [.toggleMute])
        #expect(press([.character("x")], &c) == [])
        #expect(page(c) == "help")
        _ = press([.character("q")], &c)
        #expect(page(c) == "room")
        #expect(c.prompt == nil, "q closing help does not ask to leave")
        _ = press([.function(1), .escape], &c)
        #expect(page(c) == "room")
    }

    @Test("Push-to-talk (hold) opens on the key, stays open while it repeats and closes on tick")
    func pushToTalkHold() throws {
        var c = inCall(.init(pushToTalk: .hold(firstRepeatWithin: .milliseconds(600), closeAfter: .milliseconds(200))))
        #expect(press([.space], &c, at: now) == [.pushToTalk(open: true)])
        for ms in stride(from: 500, through: 1000, by: 50) {
            #expect(press([.space], &c, at: now + .milliseconds(ms)) == [])
        }
        let deadline = try #require(c.nextDeadline)
        #expect(deadline == now + .milliseconds(1200))
        #expect(c.tick(now: now + .milliseconds(1199)) == [])
        #expect(c.tick(now: deadline) == [.pushToTalk(open: false)])
        #expect(c.nextDeadline == nil)
    }

    @Test("Push-to-talk does nothing without the mode, outside a call or in listen-only")
    func pushToTalkOff() {
        var c = inCall()
        #expect(press([.space], &c) == [])
        var p = ScreenController(options: .init(pushToTalk: .latch), rooms: rooms)
        #expect(press([.space], &p) == [])
        p.update(room: Fixtures.room(mic: .listenOnly))
        #expect(press([.space], &p) == [])
        p.update(room: Fixtures.room(mic: .pushToTalkIdle))
        #expect(press([.space], &p) == [.pushToTalk(open: true)])
        // The call ends with the mic latched open: it is closed quietly for the next call.
        p.update(room: nil)
        #expect(p.pushToTalk?.isOpen == false)
    }

    @Test("Joining shows the room; leaving shows the rooms and drops a pending question")
    func transitions() {
        var c = ScreenController(rooms: rooms)
        #expect(page(c) == "rooms")
        _ = press([.character("n")], &c)
        c.update(room: Fixtures.room())
        #expect(page(c) == "room")
        #expect(c.prompt == nil, "a half-typed room name is dropped when a call starts")
        _ = press([.character("q")], &c)
        c.update(room: nil)
        #expect(c.prompt == nil)
        #expect(page(c) == "rooms")
    }

    @Test("Hints follow the state: unmute when muted, and the rooms page's own keys")
    func hints() throws {
        var c = inCall()
        c.update(room: Fixtures.room(mic: .muted))
        guard case .hints(let hints) = c.screenState.bottomLine else { Issue.record("no hints"); return }
        #expect(hints.contains(KeyHint(key: "m", label: "unmute", priority: 1)))
        #expect(hints.contains { $0.key == "?" && $0.label == "help" })
        _ = press([.character("r")], &c)
        c.update(room: nil)
        guard case .hints(let roomHints) = c.screenState.bottomLine else { Issue.record("no hints"); return }
        #expect(roomHints.map(\.label).contains("new room"))
        #expect(roomHints.map(\.label).contains("quit"))
        #expect(!roomHints.map(\.label).contains("unmute"))
    }

    @Test("ctrl-l asks for a full repaint")
    func repaint() {
        var c = inCall()
        #expect(c.handle(.control("l"), now: now).repaint)
        #expect(!c.handle(.character("m"), now: now).repaint)
    }
}
