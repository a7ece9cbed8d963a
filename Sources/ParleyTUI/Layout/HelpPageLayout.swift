/// The help page: every key by section, in two columns when the terminal is wide enough.
enum HelpPageLayout {
    static let twoColumnMinimum = 72

    static func draw(_ model: HelpViewModel, call: CallSummary?, rows: Range<Int>, into painter: inout Painter) {
        guard let headerRow = rows.first else { return }
        let width = painter.size.columns
        HeaderLayout.drawPageHeader(title: "Keys", detail: nil, call: call, row: headerRow, into: &painter)
        let top = headerRow + 1
        let end = rows.upperBound
        guard top < end else { return }

        var columns: [[HelpViewModel.Section]]
        if width >= twoColumnMinimum, model.sections.count > 1 {
            columns = [[model.sections[0]], Array(model.sections.dropFirst())]
        } else {
            columns = [model.sections]
        }
        let columnWidth = width / columns.count
        var lowest = top
        for (index, sections) in columns.enumerated() {
            let x = index * columnWidth
            let span = index == columns.count - 1 ? width - x : columnWidth - 1
            let bottom = drawSections(sections, rows: top..<end, x: x, width: span, into: &painter)
            lowest = max(lowest, bottom)
        }
        var row = lowest
        for note in model.notes where row < end {
            if row == lowest && row + 1 < end && row > top { row += 1 }
            painter.text(note, row: row, x: 0, width: width, style: CellStyle(.dim))
            row += 1
        }
    }

    /// Returns the row after the last one drawn.
    private static func drawSections(
        _ sections: [HelpViewModel.Section], rows: Range<Int>, x: Int, width: Int, into painter: inout Painter
    ) -> Int {
        let keyWidth = min(
            max(1, width / 3),
            sections.flatMap(\.entries).map { painter.width($0.keys) }.max() ?? 1
        )
        var row = rows.lowerBound
        for (index, section) in sections.enumerated() {
            if index > 0 { row += 1 }
            guard row < rows.upperBound else { return row }
            painter.text(section.title, row: row, x: x, width: width, style: CellStyle(.tableHeader))
            row += 1
            for entry in section.entries {
                guard row < rows.upperBound else { return row }
                painter.text(entry.keys, row: row, x: x + 1, width: keyWidth, style: CellStyle(.hintKey))
                let textX = x + 1 + keyWidth + 2
                painter.text(entry.text, row: row, x: textX, width: x + width - textX, style: .normal)
                row += 1
            }
        }
        return row
    }
}
