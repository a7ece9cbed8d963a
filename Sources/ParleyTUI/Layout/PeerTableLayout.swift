/// Draws the peer table: a header row and one row per visible peer, the selected one in
/// reverse video and kept in view.
enum PeerTableLayout {
    static func draw(
        peers: [PeerRow], selectedPeerID: String?, rows: Range<Int>, showHeader: Bool, into painter: inout Painter
    ) {
        guard !rows.isEmpty else { return }
        let layout = PeerTableColumns.fit(width: painter.size.columns)
        var bodyRows = rows
        if showHeader, let headerRow = rows.first {
            drawHeader(layout, peerCount: peers.count, row: headerRow, into: &painter)
            bodyRows = rows.dropFirst()
        }
        guard !bodyRows.isEmpty else { return }
        guard !peers.isEmpty else {
            painter.text("  Nobody else is here yet.", row: bodyRows.lowerBound, x: 0, width: painter.size.columns, style: CellStyle(.dim))
            return
        }
        let selectedIndex = selectedPeerID.flatMap { id in peers.firstIndex { $0.id == id } }
        let offset = scrollOffset(selected: selectedIndex, visible: bodyRows.count, total: peers.count)
        var row = bodyRows.lowerBound
        for peer in peers[offset...] where row < bodyRows.upperBound {
            drawPeer(peer, selected: peer.id == selectedPeerID, layout: layout, row: row, into: &painter)
            row += 1
        }
        // A failure reason cut short in the table is what the user most needs to read whole:
        // a spare row under the table shows the selected peer's state in full.
        if row < bodyRows.upperBound, let index = selectedIndex {
            let peer = peers[index]
            let stateWidth = layout.columns.first { $0.kind == .state }?.width ?? 0
            if painter.width(peer.stateText) > stateWidth {
                let width = painter.size.columns
                var x = min(3, width)
                x += painter.text(peer.name, row: row, x: x, width: min(16, max(4, (width - x) / 4)), style: .normal)
                x += painter.text(": ", row: row, x: x, width: width - x, style: .normal, overflow: .cut)
                painter.text(peer.stateText, row: row, x: x, width: width - x, style: CellStyle(stateRole(peer.stateKind)))
            }
        }
    }

    static func stateRole(_ kind: ConnectionKind) -> StyleRole {
        switch kind {
        case .progress: .stateProgress
        case .ok: .stateOK
        case .failed: .stateFailed
        }
    }

    /// The first visible index such that the selected row shows, scrolling as little as possible
    /// from the top.
    static func scrollOffset(selected: Int?, visible: Int, total: Int) -> Int {
        guard visible > 0, let selected, selected >= visible else { return 0 }
        return min(selected - visible + 1, max(0, total - visible))
    }

    private static func drawHeader(_ layout: PeerTableColumns, peerCount: Int, row: Int, into painter: inout Painter) {
        let style = CellStyle(.tableHeader)
        painter.blank(row: row, x: 0, width: painter.size.columns, style: style)
        for (column, x) in layout.origins {
            let title: String
            var align = Painter.Alignment.left
            switch column.kind {
            case .marker: continue
            case .name:
                let counted = "Name (\(peerCount))"
                title = peerCount > 0 && painter.width(counted) <= column.width ? counted : "Name"
            case .id: title = "ID"
            case .state: title = "State"
            case .pair: title = "Pair"
            case .rtt: title = "RTT"; align = .right
            case .jitter: title = "Jit"; align = .right
            case .loss: title = "Loss"; align = .right
            case .jitterBuffer: title = "JBuf"; align = .right
            case .meter: title = "Level"
            case .volume: title = "Vol"; align = .right
            }
            painter.text(title, row: row, x: x, width: column.width, style: style, align: align)
        }
    }

    private static func drawPeer(_ peer: PeerRow, selected: Bool, layout: PeerTableColumns, row: Int, into painter: inout Painter) {
        let glyphs = painter.glyphs
        func style(_ role: StyleRole) -> CellStyle { CellStyle(role, reverse: selected) }
        if selected {
            painter.blank(row: row, x: 0, width: painter.size.columns, style: style(.normal))
        }
        for (column, x) in layout.origins {
            let width = column.width
            switch column.kind {
            case .marker:
                painter.text(selected ? glyphs.selection : " ", row: row, x: x, width: 1, style: style(.normal))
                painter.text(peer.speaking ? glyphs.speaking : " ", row: row, x: x + 1, width: 1, style: style(.speaking))
            case .name:
                painter.text(peer.name, row: row, x: x, width: width, style: style(peer.speaking ? .speaking : .normal))
            case .id:
                painter.text(peer.shortID, row: row, x: x, width: width, style: style(.dim))
            case .state:
                painter.text(peer.stateText, row: row, x: x, width: width, style: style(stateRole(peer.stateKind)))
            case .pair:
                painter.text(
                    peer.pairType?.rawValue ?? glyphs.missing, row: row, x: x, width: width,
                    style: style(peer.pairType == .relay ? .relay : .normal)
                )
            case .rtt:
                number(Formatting.milliseconds(peer.rttMs, missing: glyphs.missing), row: row, x: x, width: width, style: style(.normal), into: &painter)
            case .jitter:
                number(Formatting.milliseconds(peer.jitterMs, missing: glyphs.missing), row: row, x: x, width: width, style: style(.normal), into: &painter)
            case .loss:
                number(Formatting.percent(peer.lossPercent, missing: glyphs.missing), row: row, x: x, width: width, style: style(.normal), into: &painter)
            case .jitterBuffer:
                number(Formatting.milliseconds(peer.jitterBufferMs, missing: glyphs.missing), row: row, x: x, width: width, style: style(.normal), into: &painter)
            case .meter:
                for (index, piece) in LevelMeter.pieces(levelDBFS: peer.levelDBFS, width: width, glyphs: glyphs).enumerated() {
                    painter.text(piece.glyph, row: row, x: x + index, width: 1, style: style(piece.role), overflow: .cut)
                }
            case .volume:
                if peer.locallyMuted {
                    painter.text("mute", row: row, x: x, width: width, style: style(.locallyMuted), align: .right)
                } else {
                    number(Formatting.volume(peer.volumePercent), row: row, x: x, width: width, style: style(.normal), into: &painter)
                }
            }
        }
    }

    private static func number(_ text: String, row: Int, x: Int, width: Int, style: CellStyle, into painter: inout Painter) {
        painter.text(text, row: row, x: x, width: width, style: style, overflow: .cut, align: .right)
    }
}
