import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// Column widths as the C library's `wcwidth` gives them in a UTF-8 locale: the same numbers
/// ncursesw uses to place characters, so what the layout measures is what the screen shows.
/// The locale is fixed to C.UTF-8 for this thread during the call (`uselocale`), so results do
/// not depend on the process locale (tests run in the "C" locale, where `wcwidth` knows no CJK).
enum DisplayWidth {
    /// The width of one scalar: -1 for controls and unprintable scalars, 0 for combining and
    /// format characters, 1 or 2 otherwise.
    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        if value < 0x20 || (value >= 0x7F && value < 0xA0) { return -1 }
        #if canImport(Glibc)
        if let locale = utf8Locale {
            let previous = uselocale(locale)
            defer { uselocale(previous) }
            return Int(parley_wcwidth(value))
        }
        #endif
        return approximateWidth(scalar)
    }

    #if canImport(Glibc)
    nonisolated(unsafe) private static let utf8Locale: locale_t? = newlocale(parley_lc_ctype_mask(), "C.UTF-8", nil)
    #endif

    /// Used only where no UTF-8 locale exists: combining marks are 0, East Asian wide ranges
    /// and emoji presentation are 2.
    static func approximateWidth(_ scalar: Unicode.Scalar) -> Int {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        case .control, .surrogate, .unassigned: return -1
        default: break
        }
        if properties.isEmojiPresentation { return 2 }
        let wideRanges: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD,
        ]
        return wideRanges.contains { $0.contains(scalar.value) } ? 2 : 1
    }
}
