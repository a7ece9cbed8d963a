/// The whole frame: a pure function from the screen state and the terminal size to cells.
public enum ScreenLayout {
    public static func render(_ state: ScreenState, size: TerminalSize, glyphs: GlyphSet = .unicode) -> ScreenBuffer {
        var painter = Painter(size: size, glyphs: glyphs)
        painter.buffer.title = title(state)
        guard size.rows > 0, size.columns > 0 else { return painter.buffer }

        // A question or a prompt must be seen even on a one-row terminal.
        let bottomFirst: Bool
        switch state.bottomLine {
        case .question, .textInput: bottomFirst = true
        case .hints, .message: bottomFirst = false
        }
        if size.rows == 1 && bottomFirst {
            BottomLineLayout.draw(state.bottomLine, row: 0, into: &painter)
            return painter.buffer
        }
        let body = 0..<(size.rows >= 2 ? size.rows - 1 : size.rows)
        switch state.page {
        case .room(let model, let selectedPeerID):
            RoomPageLayout.draw(model, selectedPeerID: selectedPeerID, rows: body, into: &painter)
        case .rooms(let model, let selectedRoom, let call):
            RoomsPageLayout.draw(model, selectedRoom: selectedRoom, call: call, rows: body, into: &painter)
        case .help(let model, let call):
            HelpPageLayout.draw(model, call: call, rows: body, into: &painter)
        }
        if size.rows >= 2 {
            BottomLineLayout.draw(state.bottomLine, row: size.rows - 1, into: &painter)
        }
        return painter.buffer
    }

    /// The window title: the microphone state first, so it shows in a task bar too.
    static func title(_ state: ScreenState) -> String {
        let call: CallSummary?
        switch state.page {
        case .room(let model, _): call = CallSummary(room: model.room, micState: model.micState)
        case .rooms(_, _, let summary), .help(_, let summary): call = summary
        }
        guard let call else { return "Parley" }
        let room = DisplayText.clusters(call.room).map(\.text).joined()
        return "Parley: \(call.micState.label) · \(room)"
    }
}
