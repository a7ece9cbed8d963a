import Foundation
import HTTPTypes
import NIOWebSocket
import HummingbirdWSClient
import Logging
import ParleySignaling

/// A signaling client over a real WebSocket, with a mailbox the test reads with timeouts.
final class TestPeer: Sendable {
    enum Frame: Sendable, Equatable {
        case text(String)
        case binaryIgnored
        case closed(code: Int?)
    }

    private let inbox: Mailbox<Frame>
    private let outgoing: AsyncStream<Outgoing>.Continuation
    private let task: Task<Void, Never>

    enum Outgoing: Sendable {
        case text(String)
        case binary([UInt8])
    }

    private init(inbox: Mailbox<Frame>, outgoing: AsyncStream<Outgoing>.Continuation, task: Task<Void, Never>) {
        self.inbox = inbox
        self.outgoing = outgoing
        self.task = task
    }

    /// Connects and waits for the server's first frame, which it keeps in the mailbox.
    static func connect(port: Int, path: String, headers: [String: String] = [:]) async throws -> TestPeer {
        let (stream, continuation) = AsyncStream.makeStream(of: Outgoing.self)
        let mailbox = Mailbox<Frame>()
        let upgraded = Mailbox<Bool>()
        var configuration = WebSocketClientConfiguration(maxFrameSize: 64 << 20, autoPing: .disabled)
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { configuration.additionalHeaders[field] = value }
        }
        let url = "ws://127.0.0.1:\(port)\(path)"
        var logger = Logger(label: "parley.test-peer")
        logger.logLevel = .critical
        let task = Task {
            do {
                let close = try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) {
                    inbound, outbound, _ in
                    await upgraded.deliver(true)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            // A server that closes on us makes writes fail; the close frame
                            // still arrives on the inbound side, which is what tests read.
                            do {
                                for await item in stream {
                                    switch item {
                                    case .text(let text): try await outbound.write(.text(text))
                                    case .binary(let bytes): try await outbound.write(.binary(.init(bytes: bytes)))
                                    }
                                }
                                try await outbound.close(.normalClosure, reason: nil)
                            } catch {}
                        }
                        for try await message in inbound.messages(maxSize: 64 << 20) {
                            if case .text(let text) = message {
                                await mailbox.deliver(.text(text))
                            } else {
                                await mailbox.deliver(.binaryIgnored)
                            }
                        }
                        group.cancelAll()
                    }
                }
                await mailbox.deliver(.closed(code: close.map { Self.code($0.closeCode) }))
            } catch {
                await upgraded.deliver(false)
                await mailbox.deliver(.closed(code: nil))
            }
        }
        let peer = TestPeer(inbox: mailbox, outgoing: continuation, task: task)
        guard try await upgraded.next(timeout: .seconds(10)) else {
            throw TestFailure("WebSocket upgrade to \(path) failed")
        }
        return peer
    }

    private static func code(_ code: WebSocketErrorCode) -> Int {
        switch code {
        case .normalClosure: return 1000
        case .goingAway: return 1001
        case .protocolError: return 1002
        case .unacceptableData: return 1003
        case .dataInconsistentWithMessage: return 1007
        case .policyViolation: return 1008
        case .messageTooLarge: return 1009
        case .missingExtension: return 1010
        case .unexpectedServerError: return 1011
        case .unknown(let n): return Int(n)
        }
    }

    func send(_ text: String) { outgoing.yield(.text(text)) }
    func sendBinary(_ bytes: [UInt8]) { outgoing.yield(.binary(bytes)) }
    func send(_ message: ClientMessage) { send(message.jsonText()) }
    func close() { outgoing.finish() }

    /// The next frame, or a failure after `timeout`.
    func next(timeout: Duration = .seconds(15)) async throws -> Frame {
        try await inbox.next(timeout: timeout)
    }

    /// The next text frame parsed as a JSON object.
    func nextJSON(timeout: Duration = .seconds(15)) async throws -> [String: JSONValue] {
        let frame = try await next(timeout: timeout)
        guard case .text(let text) = frame else { throw TestFailure("expected a text frame, got \(frame)") }
        guard case .object(let members) = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            throw TestFailure("not a JSON object: \(text)")
        }
        return members
    }

    /// The next message whose `event` is `event`, skipping others.
    func next(event: String, timeout: Duration = .seconds(15)) async throws -> [String: JSONValue] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { throw TestFailure("no \(event) within \(timeout)") }
            let message = try await nextJSON(timeout: remaining)
            if message["event"]?.stringValue == event { return message }
        }
    }

    /// Asserts nothing arrives within `window`.
    func expectSilence(for window: Duration = .milliseconds(300)) async throws {
        if let frame = try? await inbox.next(timeout: window) {
            throw TestFailure("expected silence, got \(frame)")
        }
    }

    /// Joins and returns the peer with its id from `authenticated`.
    static func join(port: Int, room: String, name: String? = nil) async throws -> (TestPeer, String) {
        var path = "/webrtc/\(room.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(.init(charactersIn: "/?#"))) ?? room)"
        if let name { path += "?name=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name)" }
        let peer = try await connect(port: port, path: path)
        let authenticated = try await peer.nextJSON()
        guard authenticated["event"]?.stringValue == "authenticated",
            let id = authenticated["data"]?["peer_id"]?.stringValue
        else { throw TestFailure("first frame was not authenticated: \(authenticated)") }
        return (peer, id)
    }

    deinit {
        outgoing.finish()
    }
}

/// An async queue with timeouts, for frames arriving from a socket task.
actor Mailbox<Element: Sendable> {
    private var buffer: [Element] = []
    private var waiter: (id: Int, continuation: CheckedContinuation<Element, any Error>)?
    private var nextWaiterID = 0

    func deliver(_ element: Element) {
        if let waiter {
            self.waiter = nil
            waiter.continuation.resume(returning: element)
        } else {
            buffer.append(element)
        }
    }

    func next(timeout: Duration) async throws -> Element {
        if !buffer.isEmpty { return buffer.removeFirst() }
        nextWaiterID += 1
        let id = nextWaiterID
        let timer = Task {
            try await Task.sleep(for: timeout)
            self.expire(id: id, after: timeout)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            waiter = (id, continuation)
        }
    }

    private func expire(id: Int, after timeout: Duration) {
        guard let waiter, waiter.id == id else { return }
        self.waiter = nil
        waiter.continuation.resume(throwing: TestFailure("nothing received within \(timeout)"))
    }
}
