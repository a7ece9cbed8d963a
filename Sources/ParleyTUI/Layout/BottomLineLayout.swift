/// The last row: key hints, a message, a yes/no question or a text being typed.
enum BottomLineLayout {
    static func draw(_ line: BottomLine, row: Int, into painter: inout Painter) {
        let width = painter.size.columns
        switch line {
        case .hints(let hints):
            drawHints(hints, row: row, into: &painter)
        case .message(let text, let isError):
            painter.text(text, row: row, x: 0, width: width, style: CellStyle(isError ? .error : .status))
        case .question(let text):
            let padded = width >= painter.width(text) + 2 ? " \(text) " : text
            painter.text(padded, row: row, x: 0, width: width, style: CellStyle(.prompt), overflow: .cut)
        case .textInput(let label, let text):
            let x = painter.text("\(label) ", row: row, x: 0, width: width, style: CellStyle(.prompt), overflow: .cut)
            // One column stays free for the cursor after the text.
            let used = painter.text(text, row: row, x: x, width: max(0, width - x - 1), style: .normal, overflow: .keepTail)
            painter.buffer.cursor = CursorPosition(row: row, column: min(width - 1, x + used))
        }
    }

    static let gap = 2

    /// As many hints as fit, the least important dropped first, the rest in their given order.
    static func drawHints(_ hints: [KeyHint], row: Int, into painter: inout Painter) {
        let width = painter.size.columns
        func cost(_ hint: KeyHint) -> Int {
            painter.width(hint.key) + 1 + painter.width(hint.label)
        }
        var shown = hints
        while !shown.isEmpty, shown.reduce(0, { $0 + cost($1) }) + gap * (shown.count - 1) > width {
            guard let worst = shown.indices.max(by: { shown[$0].priority < shown[$1].priority }) else { break }
            if shown.count == 1 { break }
            shown.remove(at: worst)
        }
        var x = 0
        for hint in shown where x < width {
            if x > 0 { x += gap }
            x += painter.text(hint.key, row: row, x: x, width: width - x, style: CellStyle(.hintKey))
            x += 1
            x += painter.text(hint.label, row: row, x: x, width: width - x, style: CellStyle(.dim))
        }
    }
}
