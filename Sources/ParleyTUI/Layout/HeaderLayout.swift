/// The first row: the microphone badge first (the thing no one may miss, so it survives the
/// narrowest terminal), then who and where, then the own level meter on the right.
enum HeaderLayout {
    static func micRole(_ state: MicState) -> StyleRole {
        switch state {
        case .live, .pushToTalkOpen: .micLive
        case .muted: .micMuted
        case .deafened: .micDeafened
        case .pushToTalkIdle: .micPushToTalkIdle
        case .listenOnly: .micListenOnly
        }
    }

    /// Draws the badge at the start of `row`; returns the columns it took.
    static func badge(_ state: MicState, row: Int, into painter: inout Painter) -> Int {
        let width = painter.size.columns
        let label = state.label
        let padded = width >= painter.width(label) + 3 ? " \(label) " : label
        return painter.text(padded, row: row, x: 0, width: width, style: CellStyle(micRole(state)), overflow: .cut)
    }

    static let meterWidth = 8
    /// Below this width the own meter is left out of the header.
    static let meterMinimumColumns = 56

    static func drawRoomHeader(_ model: RoomViewModel, row: Int, into painter: inout Painter) {
        let width = painter.size.columns
        var x = badge(model.micState, row: row, into: &painter)
        x += painter.text(" ", row: row, x: x, width: width - x, style: .normal)
        var end = width
        if width >= meterMinimumColumns {
            // "  ████···· ●": meter, space, speaking mark.
            let meterX = width - meterWidth - 2
            end = meterX - 1
            for (index, piece) in LevelMeter.pieces(levelDBFS: model.selfLevelDBFS, width: meterWidth, glyphs: painter.glyphs).enumerated() {
                painter.text(piece.glyph, row: row, x: meterX + index, width: 1, style: CellStyle(piece.role), overflow: .cut)
            }
            if model.selfSpeaking {
                painter.text(painter.glyphs.speaking, row: row, x: width - 1, width: 1, style: CellStyle(.speaking))
            }
        }
        guard end > x else { return }
        painter.segments([
            .init(model.room, CellStyle(.title), minimumWidth: 6, keep: true),
            .init(model.selfName, prefix: "  as ", prefixStyle: CellStyle(.dim), minimumWidth: 6),
            .init(model.server, CellStyle(.dim), prefix: "  on ", prefixStyle: CellStyle(.dim), minimumWidth: 12),
        ], row: row, x: x, width: end - x)
    }

    /// The header of the rooms and help pages: the call's badge when there is a call.
    static func drawPageHeader(title: String, detail: String?, call: CallSummary?, row: Int, into painter: inout Painter) {
        let width = painter.size.columns
        var x = 0
        var pieces: [Painter.Segment] = []
        if let call {
            x = badge(call.micState, row: row, into: &painter)
            x += painter.text(" ", row: row, x: x, width: width - x, style: .normal)
            pieces.append(.init(call.room, CellStyle(.title), prefix: "in ", prefixStyle: CellStyle(.dim), minimumWidth: 6))
            pieces.append(.init(title, CellStyle(.title), prefix: "  ", minimumWidth: 5, keep: true))
        } else {
            pieces.append(.init(title, CellStyle(.title), minimumWidth: 5, keep: true))
        }
        if let detail {
            pieces.append(.init(detail, CellStyle(.dim), prefix: "  ", minimumWidth: 12))
        }
        painter.segments(pieces, row: row, x: x, width: width - x)
    }
}
