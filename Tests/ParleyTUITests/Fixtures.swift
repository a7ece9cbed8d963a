@testable import ParleyTUI

/// View models shaped like a real call: names from several scripts, peers in every state.
enum Fixtures {
    static let cjkName = "山田太郎"
    static let emojiName = "🎧 dj"
    static let longName = "Bob the builder with a very long name indeed, really"

    static func peers() -> [PeerRow] {
        [
            PeerRow(id: "a1b2c3d4e5", name: "alice", stateText: "connected", stateKind: .ok, pairType: .host,
                    rttMs: 23, jitterMs: 4, lossPercent: 0.4, jitterBufferMs: 60, levelDBFS: -12, speaking: true),
            PeerRow(id: "b2c3d4e5f6", name: cjkName, stateText: "checking", stateKind: .progress),
            PeerRow(id: "c3d4e5f6a7", name: emojiName, stateText: "connected", stateKind: .ok, pairType: .relay,
                    rttMs: 180, jitterMs: 12, lossPercent: 3.25, jitterBufferMs: 120, levelDBFS: -40, volumePercent: 150),
            PeerRow(id: "d4e5f6a7b8", name: longName, stateText: "failed: ICE timed out after 30 s", stateKind: .failed,
                    locallyMuted: true),
            PeerRow(id: "e5f6a7b8c9", name: "Zoë", stateText: "signaling", stateKind: .progress),
        ]
    }

    static func room(peers: [PeerRow] = peers(), events: Int = 4, mic: MicState = .live) -> RoomViewModel {
        RoomViewModel(
            room: "standup", server: "wss://parley.example:8443", selfName: "me", micState: mic,
            selfLevelDBFS: -20, selfSpeaking: true,
            browserLink: "https://parley.example:8443/?room=standup",
            remoteHostNotice: "Audio devices are on host build-7 (over SSH): capture default, playback default",
            peers: peers,
            events: (0..<events).map { EventLogLine(time: "12:00:0\($0 % 10)", text: "event number \($0)", kind: $0 == 2 ? .error : .join) }
        )
    }

    static func roomState(_ model: RoomViewModel = room(), selected: String? = "a1b2c3d4e5") -> ScreenState {
        var controller = ScreenController()
        controller.update(room: model)
        var state = controller.screenState
        state.page = .room(model, selectedPeerID: selected)
        return state
    }

    static let sizes: [TerminalSize] = [
        TerminalSize(rows: 24, columns: 80), TerminalSize(rows: 40, columns: 120), TerminalSize(rows: 10, columns: 40),
        TerminalSize(rows: 5, columns: 20), TerminalSize(rows: 1, columns: 1), TerminalSize(rows: 0, columns: 0),
        TerminalSize(rows: 2, columns: 3), TerminalSize(rows: 24, columns: 1), TerminalSize(rows: 1, columns: 200),
        TerminalSize(rows: 3, columns: 80), TerminalSize(rows: 100, columns: 7),
    ]
}

extension ScreenBuffer {
    /// The display width of each row, counted cell by cell; must equal the buffer's width.
    func rowWidths() -> [Int] {
        (0..<size.rows).map { row in
            (0..<size.columns).reduce(0) { sum, column in sum + (cell(row: row, column: column)?.width ?? 0) }
        }
    }

    func row(containing text: String) -> Int? {
        lines.firstIndex { $0.contains(text) }
    }

    /// The column where `text` starts in `row`, in display columns.
    func column(of text: String, row: Int) -> Int? {
        var column = 0
        while column < size.columns {
            var candidate = ""
            var c = column
            while c < size.columns, candidate.count < text.count, let cell = cell(row: row, column: c) {
                if cell.width > 0 { candidate += cell.text }
                c += 1
            }
            if candidate.hasPrefix(text) { return column }
            column += max(1, cell(row: row, column: column)?.width ?? 1)
        }
        return nil
    }
}
