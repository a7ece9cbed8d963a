/// The media direction attributes (RFC 8866 §6.7): `a=sendrecv`, `a=sendonly`, `a=recvonly`,
/// `a=inactive`, always from the point of view of the description's author.
public enum MediaDirection: String, Sendable, Hashable, CaseIterable {
    case sendrecv
    case sendonly
    case recvonly
    case inactive

    public init(sends: Bool, receives: Bool) {
        switch (sends, receives) {
        case (true, true): self = .sendrecv
        case (true, false): self = .sendonly
        case (false, true): self = .recvonly
        case (false, false): self = .inactive
        }
    }

    public var sends: Bool { self == .sendrecv || self == .sendonly }
    public var receives: Bool { self == .sendrecv || self == .recvonly }

    /// The same flows seen from the other end.
    public var reversed: MediaDirection {
        MediaDirection(sends: receives, receives: sends)
    }

    /// The direction an answerer may answer with (RFC 3264 §6.1, RFC 8829 §5.3.1): what the
    /// offer allows in reverse, narrowed to what the answerer wants.
    public func answer(sending: Bool, receiving: Bool) -> MediaDirection {
        MediaDirection(sends: receives && sending, receives: sends && receiving)
    }

    public var attribute: SDPAttribute {
        SDPAttribute(name: rawValue)
    }
}
