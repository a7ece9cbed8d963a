/// Byte-level text helpers shared by the SDP and ICE candidate parsers.
///
/// Every separator SDP uses (space, `:`, `=`, `/`, `;`, CR, LF) is ASCII, and an ASCII byte
/// never occurs inside a multi-byte UTF-8 sequence, so splitting the UTF-8 bytes is exact at
/// the scalar level. Grapheme-level APIs are avoided on purpose: a combining mark after a
/// separator would glue itself to it, and the same text would tokenise differently once
/// re-serialised. Working on bytes is also what keeps parsing fast.
enum SDPText {
    static let space = UInt8(ascii: " ")

    /// Splits on spaces, dropping empty tokens (so runs of spaces count as one).
    static func tokens(_ text: String) -> [String] {
        var copy = text
        return copy.withUTF8 { bytes in
            var fields: [String] = []
            var start = 0
            for index in 0..<bytes.count where bytes[index] == space {
                if index > start { fields.append(string(bytes, start, index)) }
                start = index + 1
            }
            if start < bytes.count { fields.append(string(bytes, start, bytes.count)) }
            return fields
        }
    }

    /// Splits at the first `separator`; the second part is nil when there is none.
    static func splitOnce(_ text: String, at separator: UInt8) -> (String, String?) {
        var copy = text
        return copy.withUTF8 { bytes in
            guard let index = bytes.firstIndex(of: separator) else { return (text, nil) }
            return (string(bytes, 0, index), string(bytes, index + 1, bytes.count))
        }
    }

    /// Splits at every `separator`, keeping empty parts.
    static func split(_ text: String, at separator: UInt8) -> [String] {
        var copy = text
        return copy.withUTF8 { bytes in
            var parts: [String] = []
            var start = 0
            for index in 0..<bytes.count where bytes[index] == separator {
                parts.append(string(bytes, start, index))
                start = index + 1
            }
            parts.append(string(bytes, start, bytes.count))
            return parts
        }
    }

    /// Strips leading and trailing spaces, tabs, CR and LF.
    static func trimmed(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            var start = 0
            var end = bytes.count
            while start < end, isBlank(bytes[start]) { start += 1 }
            while end > start, isBlank(bytes[end - 1]) { end -= 1 }
            return start == 0 && end == bytes.count ? text : string(bytes, start, end)
        }
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// Strict unsigned decimal: ASCII digits only (no sign, no spaces), nil on overflow.
    /// `UInt32("+5")` would accept a sign, which no SDP grammar allows.
    static func decimal<T: FixedWidthInteger & UnsignedInteger>(_ text: String, as _: T.Type = T.self) -> T? {
        var copy = text
        return copy.withUTF8 { bytes -> T? in
            guard !bytes.isEmpty else { return nil }
            var value: T = 0
            for byte in bytes {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = shifted.addingReportingOverflow(T(byte - 0x30))
                guard !overflowA, !overflowB else { return nil }
                value = sum
            }
            return value
        }
    }

    /// A token as SDP grammars use it: non-empty, no whitespace or control characters.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F }
    }

    /// RFC 8839 ice-char: ALPHA / DIGIT / "+" / "/".
    static func isICEChars(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                true
            default:
                false
            }
        }
    }

    /// Error messages quote attacker-supplied lines; keep them short.
    static func excerpt(_ text: String, limit: Int = 80) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars.prefix(limit))
        return String(result) + "…"
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
