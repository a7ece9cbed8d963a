import ParleyAudio
import ParleyRTC

/// Everything the media side keeps for one remote peer. Owned by `CallMedia`.
final class MediaPeer {
    let id: String
    let connection: PeerConnection
    let jitterBuffer: JitterBuffer
    let createdAt: ContinuousClock.Instant
    var sockets: [TransportAddress: UDPSocket] = [:]
    var statistics = MediaPeerStatistics()
    var speaking = SpeakingHold()

    init(id: String, connection: PeerConnection, jitterBuffer: JitterBuffer, createdAt: ContinuousClock.Instant) {
        self.id = id
        self.connection = connection
        self.jitterBuffer = jitterBuffer
        self.createdAt = createdAt
    }

    var isConnected: Bool { connection.connectionState == .connected }

    func closeSockets() {
        for socket in sockets.values { socket.close() }
        sockets.removeAll()
    }
}

/// A speaking flag that holds for a moment after the level drops, so a meter does not flicker
/// between words.
struct SpeakingHold {
    static let threshold = -45.0
    static let holdPulls = 30

    private var remaining = 0

    mutating func update(levelDBFS: Double) -> Bool {
        if levelDBFS >= Self.threshold {
            remaining = Self.holdPulls
        } else if remaining > 0 {
            remaining -= 1
        }
        return remaining > 0
    }
}
