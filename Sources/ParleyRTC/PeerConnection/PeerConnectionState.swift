/// The connection's overall state, in the words of the W3C `RTCPeerConnectionState`: ICE and
/// DTLS combined.
public enum PeerConnectionState: Sendable, Hashable {
    /// Nothing has started: no remote description, or ICE and DTLS both still new.
    case new
    /// ICE is checking or DTLS is handshaking.
    case connecting
    /// ICE has a selected pair and DTLS is connected: media flows.
    case connected
    /// ICE lost the peer for a while; may come back.
    case disconnected
    case failed(PeerConnectionFailure)
    /// `close()` was called.
    case closed
}

/// Why a connection failed, kept so a user interface can say it.
public enum PeerConnectionFailure: Sendable, Hashable, CustomStringConvertible {
    case ice(ICEFailureReason)
    /// The handshake failed, timed out, or the peer's certificate did not match the SDP
    /// fingerprint (`.fingerprintMismatch`).
    case dtls(DTLSError)
    /// The peer ended the DTLS connection with close_notify before we closed.
    case dtlsClosedByPeer
    /// The negotiated keys could not set up libsrtp.
    case srtp(SRTPError)

    public var description: String {
        switch self {
        case let .ice(reason): "ICE failed: \(reason)"
        case let .dtls(error): error.description
        case .dtlsClosedByPeer: "the peer closed the DTLS connection"
        case let .srtp(error): "SRTP setup failed: \(error)"
        }
    }

    /// True when DTLS found a certificate other than the one the SDP promised.
    public var isFingerprintMismatch: Bool {
        if case .dtls(.fingerprintMismatch) = self { return true }
        return false
    }
}

extension PeerConnectionState {
    /// The W3C rules (RTCPeerConnectionState, "update the connection state") over Parley's one
    /// ICE agent and one DTLS transport.
    static func combining(
        closed: Bool,
        failure: PeerConnectionFailure?,
        ice: ICEConnectionState,
        dtls: DTLSTransport.State
    ) -> PeerConnectionState {
        if closed { return .closed }
        if let failure { return .failed(failure) }
        if case let .failed(reason) = ice { return .failed(.ice(reason)) }
        if ice == .disconnected { return .disconnected }
        if ice == .new, dtls == .new { return .new }
        if ice.isConnected, dtls == .connected { return .connected }
        return .connecting
    }
}
