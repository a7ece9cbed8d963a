/// The room page: header, optional status/notice/link lines, the peer table and the event log.
///
/// Rows go, in order of need: the header; the table (header row and peers); the remote-host
/// notice, the call status and the browser link; the event log gets what is left but keeps a
/// few lines once there are enough rows.
enum RoomPageLayout {
    static func draw(_ model: RoomViewModel, selectedPeerID: String?, rows: Range<Int>, into painter: inout Painter) {
        guard let headerRow = rows.first else { return }
        HeaderLayout.drawRoomHeader(model, row: headerRow, into: &painter)
        var next = headerRow + 1
        let end = rows.upperBound
        let width = painter.size.columns

        // Extra lines, most important first, each only if the table still keeps three rows.
        let minimumTable = 3
        var extras: [(Int, inout Painter) -> Void] = []
        if let notice = model.remoteHostNotice, !notice.isEmpty {
            extras.append { row, painter in
                painter.text(notice, row: row, x: 0, width: width, style: CellStyle(.notice))
            }
        }
        if let status = model.status, !status.isEmpty {
            extras.append { row, painter in
                painter.text(status, row: row, x: 0, width: width, style: CellStyle(.status))
            }
        }
        if let link = model.browserLink, !link.isEmpty {
            extras.append { row, painter in
                let label = "Browser link: "
                let labelWidth = painter.width(label)
                if painter.width(link) + labelWidth <= width {
                    let x = painter.text(label, row: row, x: 0, width: width, style: CellStyle(.dim))
                    painter.text(link, row: row, x: x, width: width - x, style: CellStyle(.link))
                } else {
                    painter.text(link, row: row, x: 0, width: width, style: CellStyle(.link))
                }
            }
        }
        for draw in extras where end - next - 1 >= minimumTable {
            draw(next, &painter)
            next += 1
        }

        let body = end - next
        guard body > 0 else { return }
        let tableWanted = 1 + max(1, model.peers.count)
        var eventRows = 0
        if !model.events.isEmpty {
            let eventsWanted = 1 + model.events.count
            let reserved = body >= 12 ? 5 : (body >= 8 ? 3 : 0)
            let forTable = min(tableWanted, body - min(reserved, eventsWanted))
            eventRows = min(eventsWanted, body - forTable)
        }
        let tableRows = body - eventRows
        PeerTableLayout.draw(
            peers: model.peers, selectedPeerID: selectedPeerID, rows: next..<(next + tableRows),
            showHeader: tableRows >= 2, into: &painter
        )
        if eventRows >= 2 {
            drawEvents(model.events, rows: (end - eventRows)..<end, into: &painter)
        }
    }

    static func drawEvents(_ events: [EventLogLine], rows: Range<Int>, into painter: inout Painter) {
        guard let ruleRow = rows.first else { return }
        let width = painter.size.columns
        let rule = painter.glyphs.rule
        painter.repeating(rule, row: ruleRow, x: 0, width: min(2, width), style: CellStyle(.dim))
        let x = painter.text(" Events ", row: ruleRow, x: 2, width: width - 2, style: CellStyle(.dim), overflow: .cut)
        painter.repeating(rule, row: ruleRow, x: 2 + x, width: width - 2 - x, style: CellStyle(.dim))
        let lines = rows.dropFirst()
        for (row, event) in zip(lines, events.suffix(lines.count)) {
            let role: StyleRole = switch event.kind {
            case .info: .normal
            case .join: .eventJoin
            case .leave: .eventLeave
            case .warning: .eventWarning
            case .error: .eventError
            }
            painter.segments([
                .init(event.time, CellStyle(.dim), minimumWidth: 8),
                .init(event.text, CellStyle(role), prefix: " ", minimumWidth: 1, keep: true),
            ], row: row, x: 0, width: width)
        }
    }
}
