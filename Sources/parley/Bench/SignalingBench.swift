import ArgumentParser
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// `parley bench signaling`: N peers in rooms of R, relaying candidate-sized messages through a
/// `parley serve` child process, measuring connect time, relay latency, throughput and the
/// server's RSS.
struct SignalingBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signaling",
        abstract: "Load a parley serve child process with N WebSocket peers relaying messages."
    )

    @Option(help: "Concurrent peers.")
    var peers: Int = 10_000

    @Option(help: "Peers per room.")
    var roomSize: Int = 4

    @Option(help: "Messages per second, summed over all senders.")
    var rate: Int = 10_000

    @Option(help: "Seconds of relaying after everyone has joined.")
    var duration: Int = 10

    @Option(help: "Connections opened at once while joining.")
    var connectConcurrency: Int = 256

    @Option(help: "Server to load instead of a child process (ws://host:port); RSS is then not measured.")
    var server: String?

    func validate() throws {
        guard peers >= 2, roomSize >= 2, rate >= 1, duration >= 1, connectConcurrency >= 1 else {
            throw ValidationError("peers, room-size ≥ 2; rate, duration, connect-concurrency ≥ 1")
        }
    }

    func run() async throws {
        LoggingSetup.bootstrap(level: .error)
        ResourceLimits.raiseOpenFiles()
        let child: BenchServerProcess? = server == nil ? try await BenchServerProcess.start(maxPeersPerRoom: roomSize) : nil
        defer { child?.stop() }
        let base = server ?? "ws://127.0.0.1:\(child?.port ?? 0)"
        let rssIdle = child?.residentSetKilobytes()

        print("parley bench signaling: \(peers) peers in rooms of \(roomSize), \(rate) msg/s for \(duration) s")
        print("machine: \(MachineDescription.current)")

        let swarm = BenchSwarm(base: base, roomSize: roomSize)
        let connectStart = ContinuousClock.now
        let connectTimes = try await swarm.connect(count: peers, concurrency: connectConcurrency)
        let connectWall = ContinuousClock.now - connectStart
        print("connect: \(peers) peers in \(connectWall.formattedSeconds) (\(Int(Double(peers) / connectWall.seconds)) joins/s); "
            + "per peer p50 \(connectTimes.percentile(0.5).formattedMilliseconds) p99 \(connectTimes.percentile(0.99).formattedMilliseconds) "
            + "max \(connectTimes.max().formattedMilliseconds)")
        let rssJoined = child?.residentSetKilobytes()

        let result = try await swarm.relay(rate: rate, seconds: duration)
        let rssPeak = child?.peakResidentSetKilobytes()
        print("relay: sent \(result.sent), received \(result.received) (\(result.lost) missing) in \(result.elapsed.formattedSeconds): "
            + "\(Int(Double(result.received) / result.elapsed.seconds)) msg/s")
        print("relay latency: p50 \(result.latencies.percentile(0.5).formattedMilliseconds) "
            + "p99 \(result.latencies.percentile(0.99).formattedMilliseconds) "
            + "p99.9 \(result.latencies.percentile(0.999).formattedMilliseconds) max \(result.latencies.max().formattedMilliseconds)")
        if let rssIdle, let rssJoined, let rssPeak {
            print("server RSS: idle \(rssIdle / 1024) MB, \(peers) peers joined \(rssJoined / 1024) MB, peak \(rssPeak / 1024) MB")
        }
        await swarm.closeAll()
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
    var formattedSeconds: String { String(format: "%.2f s", seconds) }
    var formattedMilliseconds: String { String(format: "%.2f ms", seconds * 1000) }
}

extension Array where Element == Duration {
    /// The q-quantile by nearest rank; zero for an empty sample.
    func percentile(_ q: Double) -> Duration {
        guard !isEmpty else { return .zero }
        let sorted = self.sorted()
        let rank = Swift.min(sorted.count - 1, Swift.max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[rank]
    }

    func max() -> Duration { self.max(by: <) ?? .zero }
}
