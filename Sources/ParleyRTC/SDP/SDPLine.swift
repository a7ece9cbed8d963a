/// One `<type>=<value>` line that has no typed home in the model (RFC 8866 §5): `i=`, `u=`,
/// `e=`, `p=`, `b=`, `r=`, `z=`, `k=`, unknown types, and repeats of single-use lines.
/// Kept so that nothing a peer wrote is silently dropped.
public struct SDPLine: Sendable, Hashable {
    public var type: Unicode.Scalar
    public var value: String

    public init(type: Unicode.Scalar, value: String) {
        self.type = type
        self.value = value
    }

    public var text: String {
        var scalars = String.UnicodeScalarView()
        scalars.append(type)
        scalars.append("=")
        return String(scalars) + value
    }
}

/// Position of a line type in the order RFC 8866 §5 prescribes. The parser sorts kept lines
/// by it and the serialiser writes in it, so serialise → parse gives back the same model.
enum SDPLineOrder {
    static func sessionRank(_ type: Unicode.Scalar) -> Int {
        switch type {
        case "v": 0
        case "o": 1
        case "s": 2
        case "i": 3
        case "u": 4
        case "e": 5
        case "p": 6
        case "c": 7
        case "b": 8
        case "t": 9
        case "r": 10
        case "z": 11
        case "k": 12
        default: 13
        }
    }

    static func mediaRank(_ type: Unicode.Scalar) -> Int {
        switch type {
        case "i": 1
        case "c": 2
        case "b": 3
        case "k": 4
        default: 5
        }
    }

    /// Stable sort by rank: lines of one type keep the order the peer wrote them in.
    static func sorted(_ lines: [SDPLine], rank: (Unicode.Scalar) -> Int) -> [SDPLine] {
        lines.enumerated()
            .sorted { lhs, rhs in
                let (l, r) = (rank(lhs.element.type), rank(rhs.element.type))
                return l != r ? l < r : lhs.offset < rhs.offset
            }
            .map(\.element)
    }
}
