import Foundation
import Logging
import ParleyClient
import Testing

/// A signaling connection whose server stops answering ends with a reason instead of hanging
/// until TCP gives up, and one that answers stays open.
@Suite("Signaling liveness", .serialized, .timeLimit(.minutes(1)))
struct SignalingLivenessTests {
    static var logger: Logger {
        var logger = Logger(label: "parley.liveness-test")
        logger.logLevel = .critical
        return logger
    }

    @Test("No answer to a ping within the timeout ends the connection, saying why")
    func silentServerIsAbandoned() async throws {
        let server = try await SilentWebSocketServer.start()
        defer { Task { await server.stop() } }
        let liveness = SignalingConnection.Liveness(pingInterval: .milliseconds(300), answerTimeout: .milliseconds(800))
        let connection = SignalingConnection(url: SignalingURL(host: "127.0.0.1", port: server.port, room: "quiet"),
                                             liveness: liveness, logger: Self.logger)
        let started = ContinuousClock.now
        var opened = false
        var end: SignalingConnectionEnd?
        for await event in connection.events {
            switch event {
            case .opened: opened = true
            case let .closed(ending): end = ending
            default: break
            }
        }
        let elapsed = started.duration(to: .now)
        #expect(opened)
        let ending = try #require(end)
        #expect(ending.wasOpen)
        #expect(ending.description.contains("stopped answering"), "ended with: \(ending)")
        // A ping after 0.3 s, given up 0.8 s later, plus the close handshake's own timeout.
        #expect(elapsed >= .milliseconds(1_000) && elapsed < .seconds(6), "ended after \(elapsed)")
    }

    @Test("A server that answers pings keeps the connection open past many timeouts; a liveness check is answered too")
    func answeringServerStaysOpen() async throws {
        let server = try await ClientTestServer.start()
        defer { Task { await server.stop() } }
        let liveness = SignalingConnection.Liveness(pingInterval: .milliseconds(200), answerTimeout: .milliseconds(400))
        let connection = SignalingConnection(url: SignalingURL(host: "127.0.0.1", port: server.port, room: "chatty"),
                                             liveness: liveness, logger: Self.logger)
        let watcher = Task {
            var ended: SignalingConnectionEnd?
            for await event in connection.events {
                if case let .closed(ending) = event { ended = ending }
            }
            return ended
        }
        try await Task.sleep(for: .seconds(1))
        connection.checkLiveness()
        try await Task.sleep(for: .seconds(1.5))
        connection.close()
        let ending = await watcher.value
        #expect(ending?.closedLocally == true, "ended with: \(String(describing: ending))")
        #expect(ending?.failure == nil, "ended with: \(String(describing: ending))")
    }
}
