/// The symbols the layout draws with: Unicode where the terminal speaks UTF-8, ASCII elsewhere.
public struct GlyphSet: Sendable, Equatable {
    public var asciiOnly: Bool
    var ellipsis: String
    var selection: String
    var speaking: String
    var rule: String
    var meterFull: String
    /// Eighths of a meter cell, from one eighth to seven.
    var meterPartials: [String]
    var meterEmpty: String
    var missing: String
    var upDown: String
    var separator: String

    public static let unicode = GlyphSet(
        asciiOnly: false, ellipsis: "…", selection: "▶", speaking: "●", rule: "─", meterFull: "█",
        meterPartials: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"], meterEmpty: "·", missing: "-", upDown: "↑↓",
        separator: "·"
    )

    public static let ascii = GlyphSet(
        asciiOnly: true, ellipsis: "~", selection: ">", speaking: "*", rule: "-", meterFull: "#",
        meterPartials: [], meterEmpty: ".", missing: "-", upDown: "up/dn", separator: "|"
    )
}
