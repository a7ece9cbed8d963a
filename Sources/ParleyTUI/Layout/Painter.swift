/// Writes sanitised, measured text into a `ScreenBuffer`, clipped to a span of columns.
struct Painter {
    var buffer: ScreenBuffer
    let glyphs: GlyphSet

    init(size: TerminalSize, glyphs: GlyphSet) {
        buffer = ScreenBuffer(size: size)
        self.glyphs = glyphs
    }

    var size: TerminalSize { buffer.size }

    enum Overflow {
        /// Cut and end with an ellipsis.
        case ellipsis
        /// Cut hard (badges, where the first letters matter more than the sign of a cut).
        case cut
        /// Keep the end (typed text).
        case keepTail
    }

    enum Alignment {
        case left
        case right
    }

    func clusters(_ text: String) -> [DisplayCluster] {
        DisplayText.clusters(text, asciiOnly: glyphs.asciiOnly)
    }

    func width(_ text: String) -> Int {
        DisplayText.width(clusters(text))
    }

    var ellipsis: DisplayCluster {
        DisplayCluster(text: glyphs.ellipsis, width: 1)
    }

    /// Fits `text` into `width` columns at (row, x); returns the columns written. With `fill`,
    /// the rest of the span is blanked in `style` (so a highlighted row stays highlighted).
    @discardableResult
    mutating func text(
        _ text: String, row: Int, x: Int, width: Int, style: CellStyle,
        overflow: Overflow = .ellipsis, align: Alignment = .left, fill: Bool = false
    ) -> Int {
        let span = max(0, min(width, size.columns - x))
        guard span > 0, row >= 0, row < size.rows, x >= 0 else { return 0 }
        let all = clusters(text)
        let fitted: [DisplayCluster]
        switch overflow {
        case .ellipsis: fitted = DisplayText.fit(all, width: span, ellipsis: ellipsis)
        case .cut: fitted = DisplayText.fit(all, width: span, ellipsis: nil)
        case .keepTail: fitted = DisplayText.fitTail(all, width: span, ellipsis: ellipsis)
        }
        let used = DisplayText.width(fitted)
        var column = x
        if align == .right {
            if fill { blank(row: row, x: x, width: span - used, style: style) }
            column = x + span - used
        }
        for cluster in fitted {
            buffer.put(cluster, row: row, column: column, style: style)
            column += cluster.width
        }
        if fill && align == .left { blank(row: row, x: column, width: x + span - column, style: style) }
        return fill ? span : used
    }

    mutating func blank(row: Int, x: Int, width: Int, style: CellStyle) {
        guard width > 0 else { return }
        let blank = DisplayCluster(text: " ", width: 1)
        for column in x..<(x + width) {
            buffer.put(blank, row: row, column: column, style: style)
        }
    }

    /// `glyph` repeated over the span.
    mutating func repeating(_ glyph: String, row: Int, x: Int, width: Int, style: CellStyle) {
        guard width > 0, let cluster = clusters(glyph).first, cluster.width == 1 else { return }
        for column in x..<min(x + width, size.columns) {
            buffer.put(cluster, row: row, column: column, style: style)
        }
    }

    /// Several styled pieces in a row. When they do not fit, the last piece is shortened first,
    /// down to its minimum width, then dropped (with its prefix) unless `keep` is set, and so on
    /// towards the first. Returns the columns written.
    @discardableResult
    mutating func segments(_ pieces: [Segment], row: Int, x: Int, width: Int) -> Int {
        let pieces = pieces.filter { !$0.text.isEmpty }
        let prefixWidths = pieces.map { self.width($0.prefix) }
        let textWidths = pieces.map { self.width($0.text) }
        var allowed = textWidths
        var included = Array(repeating: true, count: pieces.count)
        var excess = zip(prefixWidths, textWidths).reduce(0) { $0 + $1.0 + $1.1 } - width
        var index = pieces.count - 1
        while excess > 0 && index >= 0 {
            let minimum = min(textWidths[index], pieces[index].minimumWidth)
            let shrinkable = textWidths[index] - minimum
            if excess <= shrinkable {
                allowed[index] = textWidths[index] - excess
                excess = 0
            } else if !pieces[index].keep {
                included[index] = false
                excess -= textWidths[index] + prefixWidths[index]
            } else {
                allowed[index] = minimum
                excess -= shrinkable
            }
            index -= 1
        }
        // Dropping a piece may free more than was needed: give it back to the shortened ones.
        var slack = -excess
        for index in pieces.indices where included[index] && slack > 0 {
            let grow = min(slack, textWidths[index] - allowed[index])
            allowed[index] += grow
            slack -= grow
        }
        var column = x
        for (index, piece) in pieces.enumerated() where included[index] {
            let remaining = x + width - column
            guard remaining > 0 else { break }
            column += text(piece.prefix, row: row, x: column, width: remaining, style: piece.prefixStyle, overflow: .cut)
            let room = min(allowed[index], x + width - column)
            column += text(piece.text, row: row, x: column, width: room, style: piece.style, overflow: piece.overflow)
        }
        return column - x
    }

    struct Segment {
        var prefix: String
        var prefixStyle: CellStyle
        var text: String
        var style: CellStyle
        /// The text is not cut below this many columns: the piece is dropped instead (unless `keep`).
        var minimumWidth: Int
        var keep: Bool
        var overflow: Overflow

        init(
            _ text: String, _ style: CellStyle = .normal, prefix: String = "", prefixStyle: CellStyle = .normal,
            minimumWidth: Int = 4, keep: Bool = false, overflow: Overflow = .ellipsis
        ) {
            self.prefix = prefix
            self.prefixStyle = prefixStyle
            self.text = text
            self.style = style
            self.minimumWidth = minimumWidth
            self.keep = keep
            self.overflow = overflow
        }
    }
}
