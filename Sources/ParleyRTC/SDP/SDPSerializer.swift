extension SessionDescription {
    /// The description as SDP text: CRLF line ends, lines in RFC 8866 order, final CRLF.
    public func serialized() -> String {
        var lines: [String] = []
        let other = Dictionary(grouping: otherLines) { SDPLineOrder.sessionRank($0.type) }
        func emitOther(_ rank: Int) {
            lines.append(contentsOf: (other[rank] ?? []).map(\.text))
        }
        lines.append("v=\(version)")
        emitOther(0)
        lines.append("o=" + origin.lineValue)
        emitOther(1)
        lines.append("s=" + sessionName)
        for rank in 2...6 { emitOther(rank) }
        if let connection { lines.append("c=" + connection.lineValue) }
        for rank in 7...8 { emitOther(rank) }
        lines.append(contentsOf: timing.map { "t=" + $0.lineValue })
        for rank in 9...13 { emitOther(rank) }
        lines.append(contentsOf: attributes.map { "a=" + $0.lineValue })
        for section in media {
            section.appendLines(to: &lines)
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

extension MediaDescription {
    func appendLines(to lines: inout [String]) {
        let other = Dictionary(grouping: otherLines) { SDPLineOrder.mediaRank($0.type) }
        func emitOther(_ rank: Int) {
            lines.append(contentsOf: (other[rank] ?? []).map(\.text))
        }
        lines.append("m=" + mediaLineValue)
        emitOther(1)
        if let connection { lines.append("c=" + connection.lineValue) }
        for rank in 2...5 { emitOther(rank) }
        lines.append(contentsOf: attributes.map { "a=" + $0.lineValue })
    }
}
