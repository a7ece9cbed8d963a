import ParleyApp
import ParleyClient
import ParleyRTC
import ParleyTUI
import Testing

/// The call state → screen mapping, without a terminal.
@Suite("Call state on the screen")
struct RoomViewModelMappingTests {
    static func call(muted: Bool = false, deafened: Bool = false, sending: Bool = true) -> CallState {
        var state = CallState(server: "127.0.0.1:8042", room: "lobby", selfName: "ann", sending: sending)
        state.phase = .joined
        state.muted = muted
        state.deafened = deafened
        return state
    }

    @Test("The mic state no one can miss: LIVE, MUTED, DEAFENED, NO MIC, push-to-talk")
    func micState() {
        let none = CallPresentation()
        #expect(RoomViewModel(call: Self.call(), presentation: none).micState == .live)
        #expect(RoomViewModel(call: Self.call(muted: true), presentation: none).micState == .muted)
        #expect(RoomViewModel(call: Self.call(muted: true, deafened: true), presentation: none).micState == .deafened)
        #expect(RoomViewModel(call: Self.call(sending: false), presentation: none).micState == .listenOnly)
        #expect(RoomViewModel(call: Self.call(muted: true), presentation: CallPresentation(pushToTalkOpen: false)).micState == .pushToTalkIdle)
        #expect(RoomViewModel(call: Self.call(), presentation: CallPresentation(pushToTalkOpen: true)).micState == .pushToTalkOpen)
    }

    @Test("A peer's row follows its connection: signaling → checking → connected, failed with the reason")
    func peerProgress() {
        var peer = CallPeer(id: "0123456789abcdef", name: "bob", role: .offerer, signaling: .offerSent)
        #expect(PeerRow(peer: peer).stateText == "signaling")
        #expect(PeerRow(peer: peer).stateKind == .progress)
        #expect(PeerRow(peer: peer).shortID == "01234567")
        peer.media.connectionState = .connecting
        peer.media.iceConnectionState = .checking
        #expect(PeerRow(peer: peer).stateText == "checking")
        peer.media.connectionState = .connected
        peer.media.localCandidateType = "host"
        peer.media.remoteCandidateType = "prflx"
        peer.media.roundTripTimeMilliseconds = 12
        peer.media.levelDBFS = -20
        peer.media.speaking = true
        let connected = PeerRow(peer: peer)
        #expect(connected.stateKind == .ok)
        #expect(connected.pairType == .prflx, "the less direct end names the pair")
        #expect(connected.rttMs == 12)
        #expect(connected.speaking)
        peer.media.connectionState = .failed(.ice(.consentExpired))
        let failed = PeerRow(peer: peer)
        #expect(failed.stateKind == .failed)
        #expect(failed.stateText.contains("consent expired"))
        #expect(failed.rttMs == nil, "no stale figures on a failed connection")
        // An ICE restart after it had connected: reconnecting, not back to checking.
        peer.hasConnected = true
        peer.media.connectionState = .connecting
        #expect(PeerRow(peer: peer).stateText == "reconnecting")
        #expect(PeerRow(peer: peer).stateKind == .progress)
    }

    @Test("Phases become a status line; the log becomes events")
    func statusAndEvents() {
        var state = Self.call()
        state.phase = .reconnecting(attempt: 2, retryIn: .milliseconds(1500), reason: "closed with code 1001")
        state.log = [CallLogEntry(kind: .join, text: "bob joined."), CallLogEntry(kind: .error, text: "Server: Rate limited")]
        let model = RoomViewModel(call: state, presentation: CallPresentation(browserLink: "http://127.0.0.1:8042/#lobby",
                                                                             status: "No microphone: …"))
        #expect(model.status?.contains("reconnecting, attempt 2, in 1.5 s") == true)
        #expect(model.status?.contains("No microphone") == true)
        #expect(model.events.map(\.kind) == [.join, .error])
        #expect(model.events.first?.time.count == 8, "HH:MM:SS")
        #expect(model.browserLink == "http://127.0.0.1:8042/#lobby")
    }

    @Test("Over SSH the header says whose devices these are")
    func sshNotice() {
        let audio = AudioChoice(input: .device("default"), output: .device("hw:1,0"), periodMilliseconds: 10)
        #expect(audio.remoteHostNotice(environment: [:], hostName: "box") == nil)
        let notice = audio.remoteHostNotice(environment: ["SSH_CONNECTION": "10.0.0.2 5000 10.0.0.1 22"], hostName: "box")
        #expect(notice?.contains("box") == true)
        #expect(notice?.contains("default") == true && notice?.contains("hw:1,0") == true)
    }
}
