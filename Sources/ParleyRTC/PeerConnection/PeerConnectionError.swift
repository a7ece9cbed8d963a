/// Why a signalling call on a `PeerConnection` was refused. The connection is unchanged.
public enum PeerConnectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The call does not fit the offer/answer state (W3C "InvalidStateError").
    case invalidState(String)
    /// The description could not be made or does not negotiate (RFC 8829).
    case sdp(SDPError)
    /// The remote ice-ufrag/ice-pwd are not legal ICE credentials.
    case invalidRemoteCredentials
    case dtls(DTLSError)
    /// A later offer or answer changes what only a new connection can: the certificate, the
    /// DTLS role or the audio section (RFC 8842 §5.5 keeps one DTLS association).
    case renegotiationChanges(String)

    public var description: String {
        switch self {
        case let .invalidState(reason): "invalid state: \(reason)"
        case let .sdp(error): error.description
        case .invalidRemoteCredentials: "the remote ice-ufrag or ice-pwd is not valid"
        case let .dtls(error): error.description
        case let .renegotiationChanges(what): "a renegotiation cannot change \(what); a new connection is needed"
        }
    }
}
