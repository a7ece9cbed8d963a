import Foundation
import Logging
import ParleyConfiguration
import ParleyServer

/// A real `SignalingServer` in this process on a loopback port; it can be stopped and started
/// again on the same port (for reconnection).
final class ClientTestServer: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    static func start(port: Int = 0, _ configure: @Sendable (inout ParleyConfiguration) -> Void = { _ in }) async throws -> ClientTestServer {
        var configuration = ParleyConfiguration()
        configuration.server.host = "127.0.0.1"
        configuration.server.port = port
        configure(&configuration)
        var logger = Logger(label: "parley.client-test-server")
        logger.logLevel = .critical
        let server = SignalingServer(configuration: configuration, logger: logger)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            defer { portSink.finish() }
            try await server.run(handleSignals: false) { port in portSink.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            _ = await task.result
            throw ClientTestFailure("the test server did not start on port \(port)")
        }
        return ClientTestServer(port: bound, task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

struct ClientTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
