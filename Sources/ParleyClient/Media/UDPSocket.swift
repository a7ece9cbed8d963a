import NIOCore
import NIOPosix
import ParleyRTC

/// A UDP socket bound to one local address, handing every datagram it receives to `deliver`.
/// Sending is thread-safe (NIO queues it on the channel's event loop).
final class UDPSocket: Sendable {
    let localAddress: TransportAddress
    private let channel: any Channel

    private init(channel: any Channel, localAddress: TransportAddress) {
        self.channel = channel
        self.localAddress = localAddress
    }

    /// Binds an ephemeral port on `address`; its handler runs on `eventLoop`.
    static func bind(to address: IPAddress, eventLoop: any EventLoop,
                     deliver: @escaping @Sendable (ReceivedDatagram) -> Void) async throws -> UDPSocket {
        let channel = try await DatagramBootstrap(group: eventLoop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DatagramForwarder(deliver: deliver))
                }
            }
            .bind(host: address.description, port: 0)
            .get()
        guard let bound = channel.localAddress, let local = TransportAddress(socketAddress: bound) else {
            try? await channel.close()
            throw UDPSocketError.noLocalAddress(address.description)
        }
        let socket = UDPSocket(channel: channel, localAddress: local)
        // The forwarder needs the bound address to tag datagrams; it learns it once, here.
        channel.eventLoop.execute {
            if let forwarder = try? channel.pipeline.syncOperations.handler(type: DatagramForwarder.self) {
                forwarder.localAddress = local
            }
        }
        return socket
    }

    func send(_ bytes: [UInt8], to destination: SocketAddress) {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: destination, data: buffer), promise: nil)
    }

    func close() {
        channel.close(promise: nil)
    }
}

enum UDPSocketError: Error, CustomStringConvertible {
    case noLocalAddress(String)

    var description: String {
        switch self {
        case let .noLocalAddress(address): "bound a UDP socket on \(address) but could not read its port"
        }
    }
}

/// Lives on the channel's event loop; only touched there.
private final class DatagramForwarder: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let deliver: @Sendable (ReceivedDatagram) -> Void
    var localAddress: TransportAddress?

    init(deliver: @escaping @Sendable (ReceivedDatagram) -> Void) {
        self.deliver = deliver
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let localAddress, let source = TransportAddress(socketAddress: envelope.remoteAddress) else { return }
        deliver(ReceivedDatagram(bytes: Array(envelope.data.readableBytesView), source: source, localAddress: localAddress))
    }

    /// ICMP port-unreachable and friends surface as errors on a UDP channel; a peer that went
    /// away is ICE's business (consent), not a reason to close the socket.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
