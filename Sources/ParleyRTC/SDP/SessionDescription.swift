/// A session description (RFC 8866): the session-level lines and the media sections, in order.
///
/// Parsing is tolerant of what browsers really send and keeps every line it does not model
/// (``otherLines``, unknown attributes); ``serialized()`` writes CRLF lines in RFC 8866 order,
/// so a browser's SDP survives parse → serialise byte for byte.
public struct SessionDescription: Sendable, Hashable, SDPAttributeContainer {
    /// `v=`; always 0.
    public var version: Int
    public var origin: SDPOrigin
    /// `s=`; JSEP writes `-`.
    public var sessionName: String
    /// Session-level `c=`.
    public var connection: SDPConnection?
    /// `t=` lines.
    public var timing: [SDPTiming]
    /// Session-level attributes, in order.
    public var attributes: [SDPAttribute]
    public var media: [MediaDescription]
    /// `i=`, `u=`, `e=`, `p=`, `b=`, `r=`, `z=`, `k=`, unknown and repeated lines, in RFC 8866 order.
    public var otherLines: [SDPLine]

    public init(
        version: Int = 0,
        origin: SDPOrigin,
        sessionName: String = "-",
        connection: SDPConnection? = nil,
        timing: [SDPTiming] = [SDPTiming()],
        attributes: [SDPAttribute] = [],
        media: [MediaDescription] = [],
        otherLines: [SDPLine] = []
    ) {
        self.version = version
        self.origin = origin
        self.sessionName = sessionName
        self.connection = connection
        self.timing = timing
        self.attributes = attributes
        self.media = media
        self.otherLines = otherLines
    }
}
