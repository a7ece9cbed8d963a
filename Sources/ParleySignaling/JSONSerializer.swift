extension JSONValue {
    /// Compact JSON text (RFC 8259): no whitespace, `/` and non-ASCII left as they are.
    ///
    /// With `sortedKeys`, object members are ordered by the bytes of their keys' UTF-8, which is
    /// the order Foundation's `JSONEncoder` `.sortedKeys` gives on Linux. Doubles are written in
    /// the shortest form that reads back as the same double, always with a `.` or an exponent
    /// (`1.0`, not JSONEncoder's `1`) so that `parse` gives back `.double`, not `.int`. JSON has
    /// no infinity or NaN: a non-finite double, which `parse` never produces, is written `null`.
    public func serialized(sortedKeys: Bool = true) -> String {
        var writer = JSONTextWriter(sortedKeys: sortedKeys)
        writer.write(self)
        return writer.text
    }
}

/// Appends JSON text to a byte buffer; `Envelope` uses it to write its fixed keys directly.
struct JSONTextWriter {
    private(set) var bytes: [UInt8] = []
    let sortedKeys: Bool

    init(sortedKeys: Bool = true, capacity: Int = 256) {
        self.sortedKeys = sortedKeys
        bytes.reserveCapacity(capacity)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Text the caller knows to be valid JSON punctuation or literals.
    mutating func writeRaw(_ raw: StaticString) {
        raw.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: writeRaw("null")
        case .bool(let b): writeRaw(b ? "true" : "false")
        case .int(let i): write(integer: i)
        case .double(let d): write(double: d)
        case .string(let s): write(string: s)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            if sortedKeys && members.count > 1 {
                writeMembers(members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
            } else {
                writeMembers(members)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func writeMembers(_ members: some Sequence<(key: String, value: JSONValue)>) {
        var first = true
        for (key, value) in members {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            write(string: key)
            bytes.append(UInt8(ascii: ":"))
            write(value)
        }
    }

    mutating func write(integer: Int64) {
        if integer < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = integer.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    mutating func write(double: Double) {
        guard double.isFinite else {
            writeRaw("null")
            return
        }
        // `description` is the shortest text that reads back as the same double.
        let text = double.description
        bytes.append(contentsOf: text.utf8)
        if !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }) {
            writeRaw(".0")
        }
    }

    /// Escapes only what RFC 8259 requires: `"`, `\` and U+0000-U+001F, with the two-character
    /// forms where they exist and `\u00xx` (lower-case hex, as JSONEncoder) otherwise.
    mutating func write(string: String) {
        bytes.append(UInt8(ascii: "\""))
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { appendEscaped($0) }
        if done == nil {
            appendEscaped(Array(string.utf8))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ utf8: some Collection<UInt8>) {
        var runStart = utf8.startIndex
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let b = utf8[index]
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
                utf8.formIndex(after: &index)
                continue
            }
            bytes.append(contentsOf: utf8[runStart..<index])
            bytes.append(UInt8(ascii: "\\"))
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(b)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            default:
                writeRaw("u00")
                bytes.append(Self.hexDigits[Int(b >> 4)])
                bytes.append(Self.hexDigits[Int(b & 0x0F)])
            }
            utf8.formIndex(after: &index)
            runStart = index
        }
        bytes.append(contentsOf: utf8[runStart..<index])
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
