import Foundation
import Logging
import ParleyConfiguration
import ParleyServer

/// A real `SignalingServer` on a free loopback port, for as long as the test body runs.
enum TestServer {
    static func with<T: Sendable>(
        _ configure: (inout ParleyConfiguration) -> Void = { _ in },
        _ body: (Int) async throws -> T
    ) async throws -> T {
        var configuration = ParleyConfiguration()
        configuration.server.host = "127.0.0.1"
        configuration.server.port = 0
        configure(&configuration)
        var logger = Logger(label: "parley.test-server")
        logger.logLevel = .critical
        let server = SignalingServer(configuration: configuration, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await server.run(handleSignals: false) { port in portContinuation.yield(port) }
        }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("server did not start") }
        return try await body(port)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
