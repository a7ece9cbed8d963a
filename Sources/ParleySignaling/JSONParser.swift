/// Why a JSON text was refused, and where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable {
        case unexpectedEnd = "unexpected end of input"
        case unexpectedByte = "unexpected byte"
        case invalidLiteral = "invalid literal"
        case invalidNumber = "invalid number"
        /// The number is finite in the text but overflows a Double (e.g. `1e400`); refused, as
        /// Foundation's JSONDecoder refuses it, rather than turned into infinity.
        case numberOutOfRange = "number out of range"
        case controlCharacter = "unescaped control character in string"
        case invalidEscape = "invalid escape sequence"
        /// A `\uD800`-`\uDFFF` escape that is not half of a high-low pair; refused, as Foundation
        /// refuses it, rather than replaced by U+FFFD.
        case loneSurrogate = "unpaired surrogate escape"
        case invalidUTF8 = "invalid UTF-8"
        case tooDeep = "arrays and objects nested too deeply"
        case trailingContent = "content after the JSON value"
    }

    /// Offset in bytes from the start of the input.
    public var offset: Int
    public var reason: Reason

    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason.rawValue) at byte \(offset)" }
}

extension JSONValue {
    /// Arrays and objects may nest this deep; one more is refused. Recursion is bounded by it.
    public static let maximumNestingDepth = 64

    /// Parses one JSON text (RFC 8259) from UTF-8 bytes.
    ///
    /// Strict: only the RFC grammar, no trailing commas, comments or non-finite numbers.
    /// Integers that fit Int64 become `.int`; anything with a fraction or exponent, `-0`, and
    /// integers beyond Int64 become `.double`. A duplicated object key keeps its last value.
    /// A leading UTF-8 byte order mark is skipped (RFC 8259 §8.1 allows that; Foundation does it).
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result = bytes.withContiguousStorageIfAvailable(parse(buffer:))
            ?? Array(bytes).withUnsafeBufferPointer(parse(buffer:))
        return try result.get()
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        Result { () throws(JSONParseError) in
            var parser = JSONTextParser(buffer)
            return try parser.parseText()
        }
    }

    /// Parses one JSON text from a string's UTF-8.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(text.utf8)
    }
}

/// The recursive-descent parser over a borrowed buffer.
///
/// Safety argument: `input` is only subscripted at an index `i` right after checking
/// `i < input.count` (positions start at 0 and only grow), either in `byte(at:)` or in a loop
/// whose condition is that check. Slices are taken only between positions already read.
private struct JSONTextParser {
    private let input: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    /// Reused across strings that contain escapes, so each one does not allocate afresh.
    private var scratch: [UInt8] = []

    init(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    mutating func parseText() throws(JSONParseError) -> JSONValue {
        if byte(at: 0) == 0xEF, byte(at: 1) == 0xBB, byte(at: 2) == 0xBF {
            position = 3
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == input.count else { throw failure(.trailingContent) }
        return value
    }

    // MARK: Reading

    @inline(__always)
    private func byte(at index: Int) -> UInt8? {
        index >= 0 && index < input.count ? input[index] : nil
    }

    private func failure(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? position, reason: reason)
    }

    private func text(from start: Int, to end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: input[start..<end]), as: UTF8.self)
    }

    private mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case .space, .tab, .lineFeed, .carriageReturn: position += 1
            default: return
            }
        }
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard let first = byte(at: position) else { throw failure(.unexpectedEnd) }
        switch first {
        case .openBrace: return try parseObject()
        case .openBracket: return try parseArray()
        case .quote: return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case .minus, UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw failure(.unexpectedByte)
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = position
        let matches = literal.withUTF8Buffer { expected in
            for (offset, wanted) in expected.enumerated() where byte(at: start + offset) != wanted {
                return false
            }
            return true
        }
        guard matches else { throw failure(.invalidLiteral, at: start) }
        position += literal.utf8CodeUnitCount
    }

    private mutating func enterContainer() throws(JSONParseError) {
        guard depth < JSONValue.maximumNestingDepth else { throw failure(.tooDeep) }
        depth += 1
        position += 1
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        skipWhitespace()
        if byte(at: position) == .closeBracket {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard let next = byte(at: position) else { throw failure(.unexpectedEnd) }
            guard next == .comma || next == .closeBracket else { throw failure(.unexpectedByte) }
            position += 1
            if next == .closeBracket { break }
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if byte(at: position) == .closeBrace {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard let open = byte(at: position) else { throw failure(.unexpectedEnd) }
            guard open == .quote else { throw failure(.unexpectedByte) }
            let key = try parseString()
            skipWhitespace()
            guard let colon = byte(at: position) else { throw failure(.unexpectedEnd) }
            guard colon == .colon else { throw failure(.unexpectedByte) }
            position += 1
            skipWhitespace()
            // RFC 8259 leaves duplicates to the implementation; the last one wins, as in
            // JavaScript's JSON.parse (Foundation keeps the first).
            members[key] = try parseValue()
            skipWhitespace()
            guard let next = byte(at: position) else { throw failure(.unexpectedEnd) }
            guard next == .comma || next == .closeBrace else { throw failure(.unexpectedByte) }
            position += 1
            if next == .closeBrace { break }
        }
        depth -= 1
        return .object(members)
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var index = position
        let negative = byte(at: index) == .minus
        if negative { index += 1 }

        var magnitude: UInt64 = 0
        var overflowed = false
        guard let first = byte(at: index), first.isDigit else {
            throw failure(.invalidNumber, at: index)
        }
        if first == UInt8(ascii: "0") {
            index += 1
            if let next = byte(at: index), next.isDigit { throw failure(.invalidNumber, at: index) }
        } else {
            while let digit = byte(at: index), digit.isDigit {
                if !overflowed {
                    let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (sum, o2) = times10.addingReportingOverflow(UInt64(digit &- UInt8(ascii: "0")))
                    magnitude = sum
                    overflowed = o1 || o2
                }
                index += 1
            }
        }

        var integral = true
        if byte(at: index) == .period {
            integral = false
            index += 1
            guard let digit = byte(at: index), digit.isDigit else { throw failure(.invalidNumber, at: index) }
            while let digit = byte(at: index), digit.isDigit { index += 1 }
        }
        if let e = byte(at: index), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            integral = false
            index += 1
            if let sign = byte(at: index), sign == .plus || sign == .minus { index += 1 }
            guard let digit = byte(at: index), digit.isDigit else { throw failure(.invalidNumber, at: index) }
            while let digit = byte(at: index), digit.isDigit { index += 1 }
        }
        position = index

        if integral && !overflowed {
            if !negative, magnitude <= UInt64(Int64.max) {
                return .int(Int64(magnitude))
            }
            // -0 is kept as the double it denotes.
            if negative, magnitude != 0, magnitude <= Int64.min.magnitude {
                return .int(magnitude == Int64.min.magnitude ? .min : -Int64(magnitude))
            }
        }
        // The grammar is checked above, so the text is one the standard library's
        // correctly rounded conversion accepts; only overflow to infinity remains to refuse.
        guard let value = Double(text(from: start, to: index)), value.isFinite else {
            throw failure(.numberOutOfRange, at: start)
        }
        return .double(value)
    }

    // MARK: Strings

    /// Parses a string whose opening quote is at `position`.
    private mutating func parseString() throws(JSONParseError) -> String {
        let start = position + 1
        var index = start
        // Without escapes the string is the bytes themselves; with them, runs of plain bytes
        // and decoded escapes are gathered in `scratch`.
        var escaped = false
        var runStart = start
        while index < input.count {
            let b = input[index]
            if b == .quote {
                position = index + 1
                guard escaped else { return text(from: start, to: index) }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                return String(decoding: scratch, as: UTF8.self)
            }
            if b == .backslash {
                if !escaped {
                    escaped = true
                    scratch.removeAll(keepingCapacity: true)
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                index = try appendEscape(at: index)
                runStart = index
                continue
            }
            if b < 0x20 { throw failure(.controlCharacter, at: index) }
            index = b < 0x80 ? index + 1 : try endOfUTF8Sequence(at: index)
        }
        throw failure(.unexpectedEnd, at: index)
    }

    /// Decodes the escape whose backslash is at `index` into `scratch`; returns the index after it.
    private mutating func appendEscape(at index: Int) throws(JSONParseError) -> Int {
        guard let kind = byte(at: index + 1) else { throw failure(.unexpectedEnd, at: index + 1) }
        let simple: UInt8
        switch kind {
        case .quote, .backslash, .slash: simple = kind
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = .lineFeed
        case UInt8(ascii: "r"): simple = .carriageReturn
        case UInt8(ascii: "t"): simple = .tab
        case UInt8(ascii: "u"):
            let unit = try hexQuad(at: index + 2)
            var scalar = UInt32(unit)
            var next = index + 6
            switch unit {
            case 0xD800...0xDBFF:
                guard byte(at: next) == .backslash, byte(at: next + 1) == UInt8(ascii: "u") else {
                    throw failure(.loneSurrogate, at: index)
                }
                let low = try hexQuad(at: next + 2)
                guard (0xDC00...0xDFFF).contains(low) else { throw failure(.loneSurrogate, at: index) }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                next += 6
            case 0xDC00...0xDFFF:
                throw failure(.loneSurrogate, at: index)
            default:
                break
            }
            appendUTF8(scalar)
            return next
        default:
            throw failure(.invalidEscape, at: index)
        }
        scratch.append(simple)
        return index + 2
    }

    private func hexQuad(at index: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for offset in 0..<4 {
            guard let digit = byte(at: index + offset) else { throw failure(.unexpectedEnd, at: index + offset) }
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            default: throw failure(.invalidEscape, at: index + offset)
            }
            value = value << 4 | UInt16(nibble)
        }
        return value
    }

    /// `scalar` is a Unicode scalar value: surrogates were paired or refused before this.
    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(0xC0 | UInt8(scalar >> 6))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(0xE0 | UInt8(scalar >> 12))
            scratch.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        default:
            scratch.append(0xF0 | UInt8(scalar >> 18 & 0x07))
            scratch.append(0x80 | UInt8(scalar >> 12 & 0x3F))
            scratch.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            scratch.append(0x80 | UInt8(scalar & 0x3F))
        }
    }

    /// Checks the multi-byte UTF-8 sequence whose lead byte is at `index` against the
    /// well-formed table of Unicode §3.9 (no overlongs, no surrogates, nothing past U+10FFFF);
    /// returns the index after it.
    private func endOfUTF8Sequence(at index: Int) throws(JSONParseError) -> Int {
        guard let lead = byte(at: index) else { throw failure(.unexpectedEnd, at: index) }
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw failure(.invalidUTF8, at: index)
        }
        guard let second = byte(at: index + 1), secondRange.contains(second) else {
            throw failure(.invalidUTF8, at: index)
        }
        for offset in 2..<length {
            guard let next = byte(at: index + offset), (0x80...0xBF).contains(next) else {
                throw failure(.invalidUTF8, at: index)
            }
        }
        return index + length
    }
}

extension UInt8 {
    fileprivate static let tab: UInt8 = 0x09
    fileprivate static let lineFeed: UInt8 = 0x0A
    fileprivate static let carriageReturn: UInt8 = 0x0D
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let plus = UInt8(ascii: "+")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let minus = UInt8(ascii: "-")
    fileprivate static let period = UInt8(ascii: ".")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")

    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}
