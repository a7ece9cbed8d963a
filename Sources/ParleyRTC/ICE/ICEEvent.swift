/// What the agent reports to its driver, drained with `ICEAgent.pollEvent()`.
public enum ICEEvent: Sendable, Hashable {
    /// A new local candidate to trickle to the peer (RFC 8838 §4).
    case localCandidate(ICECandidate)
    /// Every host candidate was added and every server-reflexive request has ended: signal
    /// end-of-candidates to the peer.
    case gatheringComplete
    case stateChanged(ICEConnectionState)
    /// Send media from `local.base` to `remote.address` from now on.
    case selectedPairChanged(local: ICELocalCandidate, remote: ICERemoteCandidate)
    /// A role conflict (RFC 8445 §7.3.1.1) switched this agent's role.
    case roleChanged(ICERole)
}

/// One datagram for the driver to send from the socket bound to `source` (a local base).
public struct ICETransmit: Sendable, Hashable {
    public var bytes: [UInt8]
    public var source: TransportAddress
    public var destination: TransportAddress

    public init(bytes: [UInt8], source: TransportAddress, destination: TransportAddress) {
        self.bytes = bytes
        self.source = source
        self.destination = destination
    }
}
