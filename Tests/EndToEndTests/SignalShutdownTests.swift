import Foundation
import HummingbirdWSClient
import Logging
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real `parley serve` binary: SIGTERM and SIGINT close every peer with a close frame, then exit 0.
@Suite("parley serve shuts down cleanly on signals")
struct SignalShutdownTests {
    @Test("every peer gets a close frame and the process exits 0", arguments: [SIGTERM, SIGINT])
    func shutdown(signal: Int32) async throws {
        let server = try await ParleyServerProcess.start()
        let closes = AsyncStream.makeStream(of: String.self)
        let joined = AsyncStream.makeStream(of: Void.self)
        var logger = Logger(label: "signal-test")
        logger.logLevel = .critical
        var peers: [Task<Void, Never>] = []
        for _ in 0..<3 {
            peers.append(Task {
                let close = try? await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(server.port)/webrtc/shutdown", logger: logger
                ) { inbound, _, _ in
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if case .text(let text) = message, text.contains("\"authenticated\"") { joined.continuation.yield() }
                    }
                }
                closes.continuation.yield(close.map { "\($0.closeCode)" } ?? "no close frame")
            })
        }
        var joinedIterator = joined.stream.makeAsyncIterator()
        for _ in 0..<3 { _ = await joinedIterator.next() }

        let exitCode = await server.terminate(signal: signal)
        #expect(exitCode == 0, "server log:\n\(server.logTail())")
        var closeIterator = closes.stream.makeAsyncIterator()
        for _ in 0..<3 {
            let close = await closeIterator.next()
            #expect(close == "normalClosure" || close == "goingAway", "peer saw \(close ?? "nothing")")
        }
        await server.stopIgnoringCancellation()
    }
}
