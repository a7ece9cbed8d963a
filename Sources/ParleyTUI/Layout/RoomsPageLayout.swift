/// The rooms page: the server's rooms with their peer counts, the selected one highlighted.
enum RoomsPageLayout {
    static func draw(
        _ model: RoomsViewModel, selectedRoom: String?, call: CallSummary?, rows: Range<Int>, into painter: inout Painter
    ) {
        guard let headerRow = rows.first else { return }
        let width = painter.size.columns
        HeaderLayout.drawPageHeader(title: "Rooms", detail: model.server, call: call, row: headerRow, into: &painter)
        var next = headerRow + 1
        let end = rows.upperBound
        if let error = model.error, !error.isEmpty, next < end {
            painter.text(error, row: next, x: 0, width: width, style: CellStyle(.error))
            next += 1
        }
        guard next < end else { return }
        if model.rooms.isEmpty {
            let text = model.isLoading ? "Loading the rooms…" : "No rooms on this server yet."
            painter.text(text, row: next, x: 0, width: width, style: CellStyle(.dim))
            return
        }
        let countWidth = min(9, max(5, model.rooms.map { painter.width(countText($0)) }.max() ?? 5))
        let markerWidth = width >= 12 ? 2 : 0
        let nameWidth = max(1, width - markerWidth - countWidth - 1)
        let showCount = width >= markerWidth + 4 + 1 + countWidth
        if end - next >= 2 {
            let style = CellStyle(.tableHeader)
            painter.blank(row: next, x: 0, width: width, style: style)
            painter.text("Room (\(model.rooms.count))", row: next, x: markerWidth, width: showCount ? nameWidth : width - markerWidth, style: style)
            if showCount {
                painter.text("Peers", row: next, x: width - countWidth, width: countWidth, style: style, align: .right)
            }
            next += 1
        }
        let visible = end - next
        let selectedIndex = selectedRoom.flatMap { name in model.rooms.firstIndex { $0.name == name } }
        let offset = PeerTableLayout.scrollOffset(selected: selectedIndex, visible: visible, total: model.rooms.count)
        for (row, room) in zip(next..<end, model.rooms[offset...]) {
            let selected = room.name == selectedRoom
            let style = CellStyle(.normal, reverse: selected)
            if selected { painter.blank(row: row, x: 0, width: width, style: style) }
            if markerWidth > 0 {
                painter.text(selected ? painter.glyphs.selection : " ", row: row, x: 0, width: 1, style: style)
            }
            let inCall = call?.room == room.name
            let nameSpan = showCount ? nameWidth : width - markerWidth
            painter.segments([
                .init(room.name, style, minimumWidth: 1, keep: true),
                .init(inCall ? "(in the call)" : "", CellStyle(.dim, reverse: selected), prefix: "  ", prefixStyle: style, minimumWidth: 13),
            ], row: row, x: markerWidth, width: nameSpan)
            if showCount {
                let full = room.maxPeers.map { room.peerCount >= $0 } ?? false
                painter.text(
                    countText(room), row: row, x: width - countWidth, width: countWidth,
                    style: CellStyle(full ? .stateFailed : .normal, reverse: selected), overflow: .cut, align: .right
                )
            }
        }
    }

    static func countText(_ room: RoomListing) -> String {
        let count = min(99_999, max(0, room.peerCount))
        if let max = room.maxPeers { return "\(count)/\(min(99_999, Swift.max(0, max)))" }
        return "\(count)"
    }
}
