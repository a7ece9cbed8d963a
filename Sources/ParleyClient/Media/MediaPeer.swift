import NIOCore
import ParleyAudio
import ParleyRTC

/// Everything the media side keeps for one remote peer. Owned by `CallMedia`.
final class MediaPeer {
    let id: String
    let connection: PeerConnection
    let jitterBuffer: JitterBuffer
    let createdAt: ContinuousClock.Instant
    var sockets: [TransportAddress: UDPSocket] = [:]
    /// Sockets of the ICE generation before a restart, closed once the new one has a pair.
    var retiringSockets: Set<TransportAddress> = []
    var statistics = MediaPeerStatistics()
    /// The last destination and its socket form: a call sends everything to one address.
    private var lastDestination: (address: TransportAddress, socketAddress: SocketAddress)?

    init(id: String, connection: PeerConnection, jitterBuffer: JitterBuffer, createdAt: ContinuousClock.Instant) {
        self.id = id
        self.connection = connection
        self.jitterBuffer = jitterBuffer
        self.createdAt = createdAt
    }

    /// Connected, or restarting ICE while the old pair still carries the audio.
    var carriesAudio: Bool { connection.canSendAudio }

    func socketAddress(for destination: TransportAddress) -> SocketAddress {
        if let lastDestination, lastDestination.address == destination { return lastDestination.socketAddress }
        let converted = destination.socketAddress
        lastDestination = (destination, converted)
        return converted
    }

    func closeSockets() {
        for socket in sockets.values { socket.close() }
        sockets.removeAll()
    }
}

