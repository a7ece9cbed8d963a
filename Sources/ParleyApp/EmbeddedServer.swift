import Foundation
import Logging
import NIOCore
import ParleyConfiguration
import ParleyServer

/// The server plain `parley` runs in its own process, on loopback.
public final class EmbeddedServer: Sendable {
    public let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    /// Listens on `configuration.server.host`, from its port upward to the first free one.
    public static func start(configuration: ParleyConfiguration, attempts: Int = 20, logger: Logger) async throws -> EmbeddedServer {
        var lastError: (any Error)?
        for offset in 0..<max(attempts, 1) {
            var settings = configuration
            settings.server.port = configuration.server.port + offset
            let server = SignalingServer(configuration: settings, logger: logger)
            let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
            let task = Task {
                defer { portSink.finish() }
                try await server.run(handleSignals: false) { port in portSink.yield(port) }
            }
            var iterator = ports.makeAsyncIterator()
            if let port = await iterator.next() {
                return EmbeddedServer(port: port, task: task)
            }
            do {
                try await task.value
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                lastError = error
                continue
            }
            throw EmbeddedServerError.failed("\(lastError.map { "\($0)" } ?? "the server stopped at once")")
        }
        throw EmbeddedServerError.noFreePort(configuration.server.host, configuration.server.port, attempts)
    }

    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}

public enum EmbeddedServerError: Error, CustomStringConvertible {
    case noFreePort(String, Int, Int)
    case failed(String)

    public var description: String {
        switch self {
        case let .noFreePort(host, port, attempts):
            "no free port on \(host) from \(port) to \(port + attempts - 1) for the embedded server"
        case let .failed(reason): "the embedded server did not start: \(reason)"
        }
    }
}
