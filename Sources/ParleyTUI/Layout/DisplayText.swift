/// One grapheme cluster ready for a cell: sanitised text and the columns it takes.
struct DisplayCluster: Equatable, Sendable {
    var text: String
    var width: Int
}

/// Turns untrusted strings (peer names, room names, server errors) into clusters that are safe
/// to put on a terminal and whose widths are known.
enum DisplayText {
    /// Shown instead of a cluster that cannot be displayed (controls, unprintable scalars).
    static let replacement = "\u{FFFD}"

    /// Sanitises and measures `string`:
    /// - controls (C0, C1, DEL: escape sequences, line breaks, tabs) become U+FFFD (`?` in ASCII mode);
    /// - format characters such as bidi overrides are dropped, except the zero-width joiner;
    /// - U+FE0F after a narrow base is dropped: terminals disagree on whether it makes the base
    ///   wide, and ncurses counts it narrow, so the text form keeps the columns aligned;
    /// - clusters of width 0 (a combining mark with no base) are dropped.
    static func clusters(_ string: String, asciiOnly: Bool = false) -> [DisplayCluster] {
        var result: [DisplayCluster] = []
        result.reserveCapacity(string.utf8.count)
        for character in string {
            if let cluster = cluster(character, asciiOnly: asciiOnly) {
                result.append(cluster)
            }
        }
        return result
    }

    static func cluster(_ character: Character, asciiOnly: Bool) -> DisplayCluster? {
        if let ascii = character.asciiValue {
            if ascii >= 0x20 && ascii < 0x7F { return DisplayCluster(text: String(character), width: 1) }
            return DisplayCluster(text: asciiOnly ? "?" : replacement, width: 1)
        }
        if asciiOnly {
            return DisplayCluster(text: asciiFallback[character] ?? "?", width: 1)
        }
        var scalars = String.UnicodeScalarView()
        var width = 0
        var baseWidth: Int?
        for scalar in character.unicodeScalars {
            let category = scalar.properties.generalCategory
            if category == .format && scalar != "\u{200D}" { continue }
            if scalar == "\u{FE0F}" && baseWidth == 1 { continue }
            let w = DisplayWidth.of(scalar)
            if w < 0 { return DisplayCluster(text: replacement, width: 1) }
            if baseWidth == nil && w > 0 { baseWidth = w }
            width += w
            scalars.append(scalar)
        }
        guard width > 0 else { return nil }
        return DisplayCluster(text: String(scalars), width: width)
    }

    /// ASCII stand-ins for the few symbols the screen itself uses (key hints, help).
    static let asciiFallback: [Character: String] = [
        "↑": "^", "↓": "v", "←": "<", "→": ">", "…": "~", "·": ".", "─": "-", "●": "*", "▶": ">",
    ]

    /// The columns `string` takes once sanitised.
    static func width(_ string: String, asciiOnly: Bool = false) -> Int {
        clusters(string, asciiOnly: asciiOnly).reduce(0) { $0 + $1.width }
    }

    static func width(_ clusters: [DisplayCluster]) -> Int {
        clusters.reduce(0) { $0 + $1.width }
    }

    /// The longest prefix of `clusters` that fits `width` columns; when clusters were cut off and
    /// `ellipsis` is given, the prefix ends with it. Never wider than `width`.
    static func fit(_ clusters: [DisplayCluster], width: Int, ellipsis: DisplayCluster?) -> [DisplayCluster] {
        guard width > 0 else { return [] }
        let total = Self.width(clusters)
        if total <= width { return clusters }
        let room = width - (ellipsis?.width ?? 0)
        var used = 0
        var result: [DisplayCluster] = []
        if room > 0 {
            for cluster in clusters {
                if used + cluster.width > room { break }
                result.append(cluster)
                used += cluster.width
            }
        }
        if let ellipsis, ellipsis.width <= width {
            result.append(ellipsis)
        }
        return result
    }

    /// The longest suffix of `clusters` that fits `width` columns, for text typed into a prompt
    /// (the end, where the cursor is, stays visible).
    static func fitTail(_ clusters: [DisplayCluster], width: Int, ellipsis: DisplayCluster?) -> [DisplayCluster] {
        guard width > 0 else { return [] }
        if Self.width(clusters) <= width { return clusters }
        let room = width - (ellipsis?.width ?? 0)
        var used = 0
        var tail: [DisplayCluster] = []
        for cluster in clusters.reversed() {
            if used + cluster.width > room { break }
            tail.append(cluster)
            used += cluster.width
        }
        var result: [DisplayCluster] = []
        if let ellipsis, ellipsis.width <= width { result.append(ellipsis) }
        result.append(contentsOf: tail.reversed())
        return result
    }
}
