/// Numbers as the peer table shows them: short, never trapping on NaN, infinity or nonsense.
enum Formatting {
    /// "12ms", "1.2s", "42s"; "-" when unknown or not a duration.
    static func milliseconds(_ value: Double?, missing: String) -> String {
        guard let value, value.isFinite, value >= 0 else { return missing }
        if value < 999.5 { return "\(Int(value.rounded()))ms" }
        if value < 9_950 { return decimal(value / 1000) + "s" }
        if value < 99_500 { return "\(Int((value / 1000).rounded()))s" }
        return ">99s"
    }

    /// "0.4%", "12%", "100%"; clamped to 0…100.
    static func percent(_ value: Double?, missing: String) -> String {
        guard let value, !value.isNaN else { return missing }
        let clamped = min(100, max(0, value))
        if clamped < 9.95 { return decimal(clamped) + "%" }
        return "\(Int(clamped.rounded()))%"
    }

    static func volume(_ percent: Int) -> String {
        "\(min(999, max(0, percent)))%"
    }

    /// One decimal without Foundation: 1.25 → "1.3".
    private static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// A level meter: dBFS mapped linearly from `floor` to 0 over the cells, with eighth-cell
/// resolution where the glyphs allow, coloured green, then yellow, then red toward full scale.
enum LevelMeter {
    static let floorDBFS = -60.0
    static let loudDBFS = -18.0
    static let hotDBFS = -6.0

    struct Piece: Equatable {
        var glyph: String
        var role: StyleRole
    }

    static func pieces(levelDBFS: Double?, width: Int, glyphs: GlyphSet) -> [Piece] {
        guard width > 0 else { return [] }
        let fraction: Double
        if let level = levelDBFS, !level.isNaN {
            fraction = level.isInfinite ? (level > 0 ? 1 : 0) : min(1, max(0, (level - floorDBFS) / -floorDBFS))
        } else {
            fraction = 0
        }
        let steps = glyphs.meterPartials.count + 1
        let filled = Int((fraction * Double(width * steps)).rounded())
        return (0..<width).map { index in
            let cellTop = floorDBFS + Double(index + 1) / Double(width) * -floorDBFS
            let role: StyleRole = cellTop <= loudDBFS ? .meterLow : (cellTop <= hotDBFS ? .meterMid : .meterHigh)
            let inCell = filled - index * steps
            if inCell >= steps { return Piece(glyph: glyphs.meterFull, role: role) }
            if inCell > 0, inCell - 1 < glyphs.meterPartials.count {
                return Piece(glyph: glyphs.meterPartials[inCell - 1], role: role)
            }
            return Piece(glyph: glyphs.meterEmpty, role: .meterEmpty)
        }
    }
}
