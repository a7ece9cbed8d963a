/// A terminal's size in character cells.
public struct TerminalSize: Sendable, Hashable, CustomStringConvertible {
    public var rows: Int
    public var columns: Int

    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
    }

    public var description: String { "\(columns)×\(rows)" }
}

/// What a cell means; the terminal backend picks colours and attributes for each role, in
/// colour or monochrome.
public enum StyleRole: UInt8, Sendable, Hashable, CaseIterable {
    case normal
    case dim
    case title
    case micLive
    case micMuted
    case micDeafened
    case micPushToTalkIdle
    case micListenOnly
    case tableHeader
    case stateProgress
    case stateOK
    case stateFailed
    case meterLow
    case meterMid
    case meterHigh
    case meterEmpty
    case speaking
    case locallyMuted
    case relay
    case eventJoin
    case eventLeave
    case eventWarning
    case eventError
    case notice
    case link
    case status
    case error
    case prompt
    case hintKey
}

public struct CellStyle: Sendable, Hashable {
    public var role: StyleRole
    /// Reverse video, used for the selected row on top of the role.
    public var reverse: Bool

    public init(_ role: StyleRole = .normal, reverse: Bool = false) {
        self.role = role
        self.reverse = reverse
    }

    public static let normal = CellStyle()
}

/// One cell of the screen. A cluster wider than one column sits in its first cell; the cells it
/// covers to the right have width 0 and empty text.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var width: Int
    public var style: CellStyle

    public init(text: String, width: Int, style: CellStyle) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell(text: " ", width: 1, style: .normal)

    static func blank(_ style: CellStyle) -> Cell {
        Cell(text: " ", width: 1, style: style)
    }

    var isContinuation: Bool { width == 0 }
}

/// A whole screen of cells: what the layout produces and the renderer diffs.
public struct ScreenBuffer: Sendable, Equatable {
    public let size: TerminalSize
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should show (a text prompt); nil hides it.
    public var cursor: CursorPosition?
    /// The terminal window title this screen asks for.
    public var title: String?

    public init(size: TerminalSize) {
        self.size = size
        cells = Array(repeating: .blank, count: size.rows * size.columns)
    }

    public func cell(row: Int, column: Int) -> Cell? {
        guard row >= 0, row < size.rows, column >= 0, column < size.columns else { return nil }
        return cells[row * size.columns + column]
    }

    /// The text of a row as a terminal would show it (wide clusters once).
    public func line(_ row: Int) -> String {
        guard row >= 0, row < size.rows else { return "" }
        var text = ""
        for column in 0..<size.columns {
            let cell = cells[row * size.columns + column]
            if !cell.isContinuation { text += cell.text }
        }
        return text
    }

    /// Every row's text, top to bottom.
    public var lines: [String] {
        (0..<size.rows).map(line)
    }

    /// Puts a cluster at (row, column). Returns false, writing nothing, when it does not fit
    /// entirely. A wide cluster it partly overwrites is blanked, so no half of one remains.
    @discardableResult
    mutating func put(_ cluster: DisplayCluster, row: Int, column: Int, style: CellStyle) -> Bool {
        let width = cluster.width
        guard width > 0, row >= 0, row < size.rows, column >= 0, column + width <= size.columns else {
            return false
        }
        let base = row * size.columns
        // A continuation at the start: blank the wide cluster it belongs to, from its first cell.
        var start = column
        while start > 0 && cells[base + start].isContinuation { start -= 1 }
        for c in start..<column { cells[base + c] = .blank(cells[base + c].style) }
        // Continuations right after the span belong to a cluster being overwritten.
        var end = column + width
        while end < size.columns && cells[base + end].isContinuation {
            cells[base + end] = .blank(cells[base + end].style)
            end += 1
        }
        cells[base + column] = Cell(text: cluster.text, width: width, style: style)
        for c in (column + 1)..<(column + width) {
            cells[base + c] = Cell(text: "", width: 0, style: style)
        }
        return true
    }

    /// Whether every wide cluster is followed by exactly its continuation cells and no
    /// continuation stands alone. The renderer relies on it; tests check it.
    public var isWellFormed: Bool {
        for row in 0..<size.rows {
            var column = 0
            while column < size.columns {
                let cell = cells[row * size.columns + column]
                if cell.width <= 0 { return false }
                if column + cell.width > size.columns { return false }
                for c in (column + 1)..<(column + cell.width) where !cells[row * size.columns + c].isContinuation {
                    return false
                }
                column += cell.width
            }
        }
        return true
    }

}

public struct CursorPosition: Sendable, Hashable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}
