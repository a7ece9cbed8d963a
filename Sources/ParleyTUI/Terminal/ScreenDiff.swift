/// The cells to write to turn one frame into the next: runs of changed clusters of one style.
/// Pure, so what reaches the terminal is tested without one.
enum ScreenDiff {
    struct Run: Equatable {
        var row: Int
        var column: Int
        var text: String
        var style: CellStyle
        /// Columns the run covers.
        var width: Int
    }

    /// Every cell of `new` when there is no comparable old frame (first frame, new size).
    static func runs(from old: ScreenBuffer?, to new: ScreenBuffer) -> [Run] {
        let columns = new.size.columns
        let compare = old.flatMap { $0.size == new.size ? $0 : nil }
        var runs: [Run] = []
        for row in 0..<new.size.rows {
            var column = 0
            var current: Run?
            while column < columns {
                guard let cell = new.cell(row: row, column: column) else { break }
                let width = max(1, cell.width)
                let changed = compare.map { old in
                    (column..<min(columns, column + width)).contains { old.cell(row: row, column: $0) != new.cell(row: row, column: $0) }
                } ?? true
                if changed {
                    if var run = current, run.style == cell.style {
                        run.text += cell.text
                        run.width += width
                        current = run
                    } else {
                        if let run = current { runs.append(run) }
                        current = Run(row: row, column: column, text: cell.text, style: cell.style, width: width)
                    }
                } else if let run = current {
                    runs.append(run)
                    current = nil
                }
                column += width
            }
            if let run = current { runs.append(run) }
        }
        return runs
    }
}
