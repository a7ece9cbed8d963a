extension SessionDescription {
    /// Parses SDP text (RFC 8866).
    ///
    /// Tolerant where real peers deviate: CRLF or bare LF line ends, blank lines, unknown line
    /// types and attributes (all kept), any text in address fields (mDNS names under `IP4`),
    /// repeated single-use lines (kept in ``otherLines``). Strict only where a description
    /// would otherwise be meaningless: every line is `<ASCII type>=<value>`, the first is
    /// `v=0`, `o=` and `s=` exist, and `o=`, `c=`, `t=` and `m=` lines have their fields.
    /// Never traps.
    public init(parsing text: String) throws(SDPError) {
        var copy = text
        let result = copy.withUTF8 { bytes -> Result<SessionDescription, SDPError> in
            var parser = SDPParser()
            var start = 0
            do throws(SDPError) {
                for index in 0..<bytes.count where bytes[index] == 0x0A {
                    try parser.consume(bytes, start, index)
                    start = index + 1
                }
                try parser.consume(bytes, start, bytes.count)
                return .success(try parser.finish())
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }
}

/// Line-by-line state of ``SessionDescription/init(parsing:)``.
private struct SDPParser {
    private var lineNumber = 0
    private var version: Int?
    private var origin: SDPOrigin?
    private var sessionName: String?
    private var connection: SDPConnection?
    private var timing: [SDPTiming] = []
    private var attributes: [SDPAttribute] = []
    private var otherLines: [SDPLine] = []
    private var media: [MediaDescription] = []

    /// One line: `bytes[start..<end]`, without its LF.
    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ lineEnd: Int) throws(SDPError) {
        lineNumber += 1
        var end = lineEnd
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        guard end > start else { return }

        guard end - start >= 2, bytes[start] < 0x80, bytes[start + 1] == UInt8(ascii: "=") else {
            throw malformed(SDPText.string(bytes, start, end), "not <type>=<value>")
        }
        let type = Unicode.Scalar(bytes[start])

        if type == "a" {
            let attribute = Self.attribute(bytes, start + 2, end)
            guard version != nil else { throw SDPError.missingLine(type: "v") }
            if media.isEmpty {
                attributes.append(attribute)
            } else {
                media[media.count - 1].attributes.append(attribute)
            }
            return
        }

        let value = SDPText.string(bytes, start + 2, end)
        if version == nil {
            guard type == "v" else { throw SDPError.missingLine(type: "v") }
            guard value == "0" else { throw SDPError.unsupportedVersion(SDPText.excerpt(value)) }
            version = 0
            return
        }

        if type == "m" {
            guard let section = MediaDescription(mediaLineValue: value) else {
                throw malformed(SDPText.string(bytes, start, end), "m= needs <media> <port> <proto> <fmt>…")
            }
            media.append(section)
        } else if media.isEmpty {
            try consumeSessionLine(type: type, value: value)
        } else {
            try consumeMediaLine(type: type, value: value)
        }
    }

    /// `a=<name>[:<value>]`, split at the first colon.
    private static func attribute(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> SDPAttribute {
        var colon = start
        while colon < end, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
        guard colon < end else { return SDPAttribute(name: SDPText.string(bytes, start, end)) }
        return SDPAttribute(name: SDPText.string(bytes, start, colon), value: SDPText.string(bytes, colon + 1, end))
    }

    private mutating func consumeSessionLine(type: Unicode.Scalar, value: String) throws(SDPError) {
        switch type {
        case "o" where origin == nil:
            guard let parsed = SDPOrigin(lineValue: value) else { throw malformed(type, value, "o= needs 6 fields") }
            origin = parsed
        case "s" where sessionName == nil:
            sessionName = value
        case "c" where connection == nil:
            guard let parsed = SDPConnection(lineValue: value) else {
                throw malformed(type, value, "c= needs <nettype> <addrtype> <address>")
            }
            connection = parsed
        case "t":
            guard let parsed = SDPTiming(lineValue: value) else { throw malformed(type, value, "t= needs <start> <stop>") }
            timing.append(parsed)
        default:
            otherLines.append(SDPLine(type: type, value: value))
        }
    }

    private mutating func consumeMediaLine(type: Unicode.Scalar, value: String) throws(SDPError) {
        let index = media.count - 1
        if type == "c", media[index].connection == nil {
            guard let parsed = SDPConnection(lineValue: value) else {
                throw malformed(type, value, "c= needs <nettype> <addrtype> <address>")
            }
            media[index].connection = parsed
        } else {
            media[index].otherLines.append(SDPLine(type: type, value: value))
        }
    }

    func finish() throws(SDPError) -> SessionDescription {
        guard let version else { throw SDPError.missingLine(type: "v") }
        guard let origin else { throw SDPError.missingLine(type: "o") }
        guard let sessionName else { throw SDPError.missingLine(type: "s") }
        var sections = media
        for index in sections.indices where sections[index].otherLines.count > 1 {
            sections[index].otherLines = SDPLineOrder.sorted(sections[index].otherLines, rank: SDPLineOrder.mediaRank)
        }
        return SessionDescription(
            version: version,
            origin: origin,
            sessionName: sessionName,
            connection: connection,
            timing: timing,
            attributes: attributes,
            media: sections,
            otherLines: SDPLineOrder.sorted(otherLines, rank: SDPLineOrder.sessionRank)
        )
    }

    private func malformed(_ line: String, _ reason: String) -> SDPError {
        .malformedLine(lineNumber: lineNumber, line: SDPText.excerpt(line), reason: reason)
    }

    private func malformed(_ type: Unicode.Scalar, _ value: String, _ reason: String) -> SDPError {
        malformed(SDPLine(type: type, value: value).text, reason)
    }
}
