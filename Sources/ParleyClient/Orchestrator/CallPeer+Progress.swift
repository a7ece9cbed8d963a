import ParleyRTC

extension CallPeer {
    /// Where the connection stands, in the words a screen shows: signaling → checking →
    /// securing → connected, or failed with the reason; reconnecting during an ICE restart.
    public enum Progress: Sendable, Hashable {
        case signaling
        case checking
        case securing
        case connected
        case reconnecting
        case disconnected
        case failed(String)
        case closed

        public var label: String {
            switch self {
            case .signaling: "signaling"
            case .checking: "checking"
            case .securing: "securing"
            case .connected: "connected"
            case .reconnecting: "reconnecting"
            case .disconnected: "disconnected"
            case let .failed(reason): "failed: \(reason)"
            case .closed: "closed"
            }
        }
    }

    public var progress: Progress {
        if let failure, media.connectionState == .new { return .failed(failure) }
        switch media.connectionState {
        case .new:
            return .signaling
        case .connecting:
            if hasConnected { return .reconnecting }
            switch media.iceConnectionState {
            case .new, .checking: return .checking
            default: return .securing
            }
        case .connected: return .connected
        case .disconnected: return .disconnected
        case let .failed(reason): return .failed(reason.description)
        case .closed: return .closed
        }
    }
}

extension PeerConnectionState {
    /// The W3C `RTCPeerConnectionState` word.
    public var w3cName: String {
        switch self {
        case .new: "new"
        case .connecting: "connecting"
        case .connected: "connected"
        case .disconnected: "disconnected"
        case .failed: "failed"
        case .closed: "closed"
        }
    }
}
