import NIOCore
import NIOWebSocket

/// How the rest of the server reaches one peer's WebSocket from any thread: frames to send and
/// a request to close. Writes from another event loop are queued on the peer's own loop, in
/// order; the peer's `PeerWebSocketHandler` drops anything written after its close frame.
final class PeerLink: Sendable {
    let channel: any Channel

    init(channel: any Channel) {
        self.channel = channel
    }

    /// A text frame of `text`; build it once and send it to every recipient.
    static func frame(_ text: String) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text))
    }

    func send(_ text: String) {
        send(Self.frame(text))
    }

    func send(_ frame: WebSocketFrame) {
        channel.writeAndFlush(frame, promise: nil)
    }

    /// Starts the closing handshake with `code`; `ended` is what the peer's `left` log line says.
    func close(code: WebSocketErrorCode, reason: String, ended: String) {
        channel.triggerUserOutboundEvent(PeerCloseRequest(code: code, reason: reason, ended: ended), promise: nil)
    }
}

/// Travels down the pipeline to the peer's `PeerWebSocketHandler`, on its event loop.
struct PeerCloseRequest: Sendable {
    let code: WebSocketErrorCode
    let reason: String
    let ended: String
}
