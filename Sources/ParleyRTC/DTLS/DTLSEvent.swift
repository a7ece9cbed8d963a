/// What a `DTLSTransport` reports to its owner, drained with `pollEvent()`.
public enum DTLSEvent: Sendable, Hashable {
    /// The handshake finished and the peer's certificate matched its SDP fingerprint: SRTP
    /// may start with these keys and the negotiated profile (`keys.profile` is the same).
    case connected(SRTPKeyingMaterial, SRTPProtectionProfile)
    /// The connection is unusable; no keys were or will be released after this.
    case failed(DTLSError)
    /// The connection ended by close_notify, from the peer or from `close()`.
    case closed
}
