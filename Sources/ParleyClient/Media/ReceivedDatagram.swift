import ParleyRTC

/// One datagram as a socket received it, tagged with the socket's own address so the core
/// knows which base (host candidate) it arrived on.
struct ReceivedDatagram: Sendable {
    var bytes: [UInt8]
    var source: TransportAddress
    var localAddress: TransportAddress
}
