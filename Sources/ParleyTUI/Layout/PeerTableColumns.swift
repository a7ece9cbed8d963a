/// The peer table's columns and how they share the width: all of them from about 73 columns,
/// fewer below, dropped in `dropOrder` (least useful in a call first); the name stays.
struct PeerTableColumns: Equatable {
    enum Kind: CaseIterable, Equatable {
        case marker
        case name
        case id
        case state
        case pair
        case rtt
        case jitter
        case loss
        case jitterBuffer
        case meter
        case volume
    }

    struct Column: Equatable {
        var kind: Kind
        var width: Int
    }

    var columns: [Column]

    static let separator = 1

    /// Dropped first to last when the terminal is too narrow.
    static let dropOrder: [Kind] = [.jitterBuffer, .jitter, .pair, .id, .loss, .rtt, .volume, .meter, .state, .marker]

    static func minimumWidth(_ kind: Kind) -> Int {
        switch kind {
        case .marker: 2
        case .name: 6
        case .id: 6
        case .state: 9
        case .pair, .rtt, .jitter, .loss, .jitterBuffer: 5
        case .meter: 5
        case .volume: 4
        }
    }

    static func preferredWidth(_ kind: Kind) -> Int {
        switch kind {
        case .name: 16
        case .state: 14
        case .meter: 10
        default: minimumWidth(kind)
        }
    }

    static func maximumWidth(_ kind: Kind) -> Int {
        switch kind {
        case .name: 32
        case .state: 36
        default: preferredWidth(kind)
        }
    }

    static func fit(width: Int) -> PeerTableColumns {
        guard width > 0 else { return PeerTableColumns(columns: []) }
        var kinds = Kind.allCases
        func total(_ kinds: [Kind]) -> Int {
            kinds.reduce(0) { $0 + minimumWidth($1) } + separator * max(0, kinds.count - 1)
        }
        var drops = dropOrder[...]
        while total(kinds) > width, let drop = drops.popFirst() {
            kinds.removeAll { $0 == drop }
        }
        var columns = kinds.map { Column(kind: $0, width: minimumWidth($0)) }
        var extra = width - total(kinds)
        if extra < 0, let name = columns.firstIndex(where: { $0.kind == .name }) {
            // Only the name is left and even its minimum is too wide: it takes what there is.
            columns[name].width = max(1, width)
            extra = 0
        }
        let growth: [(Kind, (Kind) -> Int)] = [
            (.name, preferredWidth), (.state, preferredWidth), (.meter, preferredWidth),
            (.state, maximumWidth), (.name, maximumWidth),
        ]
        for (kind, limit) in growth where extra > 0 {
            guard let index = columns.firstIndex(where: { $0.kind == kind }) else { continue }
            let grow = min(extra, max(0, limit(kind) - columns[index].width))
            columns[index].width += grow
            extra -= grow
        }
        return PeerTableColumns(columns: columns)
    }

    /// Each column with the x where it starts, in order.
    var origins: [(Column, Int)] {
        var x = 0
        return columns.map { column in
            defer { x += column.width + Self.separator }
            return (column, x)
        }
    }

    func contains(_ kind: Kind) -> Bool {
        columns.contains { $0.kind == kind }
    }
}
