import NIOCore
import NIOWebSocket

/// The WebSocket side of one peer, inside its channel pipeline after the frame decoder: joins
/// fragments into messages, answers pings, runs the closing handshake, and hands whole text
/// messages to the peer's `PeerSession`. Relayed frames pass through it on the way out so
/// that nothing follows a close frame.
final class PeerWebSocketHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// How long a peer has to answer our close frame before the connection is cut.
    static let closeTimeout = TimeAmount.seconds(5)

    private let session: PeerSession
    private let maxMessageSize: Int
    /// The message being reassembled from fragments: its opcode and the bytes so far.
    private var fragments: (opcode: WebSocketOpcode, data: ByteBuffer)?
    private var closeSent = false
    private var closeTimer: Scheduled<Void>?

    init(session: PeerSession, maxMessageSize: Int) {
        self.session = session
        self.maxMessageSize = maxMessageSize
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let now = ContinuousClock.now
        session.member.activity.touch(now)
        guard frame.reservedBits.isEmpty else {
            return fail(context: context, code: .protocolError, ended: "protocol error: reserved bits set")
        }
        switch frame.opcode {
        case .text, .binary:
            guard fragments == nil else {
                return fail(context: context, code: .protocolError, ended: "protocol error: new message inside a fragmented one")
            }
            if frame.fin {
                deliver(opcode: frame.opcode, data: frame.unmaskedData, now: now)
            } else {
                fragments = (frame.opcode, frame.unmaskedData)
            }
        case .continuation:
            guard let (opcode, collected) = fragments else {
                return fail(context: context, code: .protocolError, ended: "protocol error: continuation without a message")
            }
            var buffered = collected
            fragments = nil
            guard buffered.readableBytes + frame.length <= maxMessageSize else {
                return fail(context: context, code: .messageTooLarge, ended: "message beyond \(maxMessageSize) bytes")
            }
            var more = frame.unmaskedData
            buffered.writeBuffer(&more)
            if frame.fin {
                deliver(opcode: opcode, data: buffered, now: now)
            } else {
                fragments = (opcode, buffered)
            }
        case .ping:
            guard !closeSent else { return }
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .pong:
            break
        case .connectionClose:
            if closeSent {
                // The peer answered ours: the handshake is complete.
                context.close(promise: nil)
            } else {
                closeSent = true
                session.end(reason: "closed by peer")
                var reply = context.channel.allocator.buffer(capacity: 2)
                reply.write(webSocketErrorCode: .normalClosure)
                closeAfterWriting(context: context, frame: WebSocketFrame(fin: true, opcode: .connectionClose, data: reply))
            }
        default:
            fail(context: context, code: .protocolError, ended: "protocol error: reserved opcode")
        }
    }

    private func deliver(opcode: WebSocketOpcode, data: ByteBuffer, now: ContinuousClock.Instant) {
        // Binary messages are not part of the protocol; membrane ignores them too.
        guard opcode == .text, !closeSent else { return }
        session.received(String(buffer: data), now: now)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !closeSent else {
            promise?.fail(ChannelError.outputClosed)
            return
        }
        context.write(data, promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let request = event as? PeerCloseRequest else {
            return context.triggerUserOutboundEvent(event, promise: promise)
        }
        startClosing(context: context, code: request.code, reason: request.reason, ended: request.ended)
        promise?.succeed(())
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // Everything the peer has not read is buffered up to the high water mark; beyond it
        // the peer is cut off rather than growing the server's memory without bound.
        if !context.channel.isWritable {
            startClosing(context: context, code: .policyViolation, reason: "Too slow: messages piled up", ended: "too slow to read its messages")
        }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is ChannelShouldQuiesceEvent:
            startClosing(context: context, code: .goingAway, reason: "Server shutting down", ended: "server shutting down")
        case ChannelEvent.inputClosed:
            session.end(reason: "closed by peer")
            context.close(promise: nil)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOWebSocketError {
            // WebSocketProtocolErrorHandler, before us, has sent the matching close frame
            // (1009 for an oversized frame) and closes the connection.
            closeSent = true
            session.end(reason: "protocol error: \(error)")
        } else {
            session.end(reason: "connection error: \(error)")
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closeTimer?.cancel()
        closeTimer = nil
        session.end(reason: "closed by peer")
        context.fireChannelInactive()
    }

    /// Sends our close frame and waits `closeTimeout` for the peer's; the peer leaves its room now.
    private func startClosing(context: ChannelHandlerContext, code: WebSocketErrorCode, reason: String, ended: String) {
        guard !closeSent else { return }
        closeSent = true
        session.end(reason: ended)
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)), promise: nil)
        closeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.closeTimeout) {
            context.close(promise: nil)
        }
    }

    /// For a protocol violation: a close frame with `code`, then the connection ends.
    private func fail(context: ChannelHandlerContext, code: WebSocketErrorCode, ended: String) {
        fragments = nil
        guard !closeSent else { return }
        closeSent = true
        session.end(reason: ended)
        var data = context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: code)
        closeAfterWriting(context: context, frame: WebSocketFrame(fin: true, opcode: .connectionClose, data: data))
    }

    private func closeAfterWriting(context: ChannelHandlerContext, frame: WebSocketFrame) {
        context.writeAndFlush(wrapOutboundOut(frame)).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
