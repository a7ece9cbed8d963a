import ArgumentParser
import Foundation
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
        let (host, port) = try serverAddress(child: child)
        let rssIdle = child?.residentSetKilobytes()

        print("parley bench signaling: \(peers) peers in rooms of \(roomSize), \(rate) msg/s for \(duration) s")
        print("machine: \(MachineDescription.current)")

        let swarm = BenchSwarm(host: host, port: port, roomSize: roomSize)
        let connectStart = ContinuousClock.now
        let connectTimes = try await swarm.connect(count: peers, concurrency: connectConcurrency)
        let connectWall = ContinuousClock.now - connectStart
        print("connect: \(peers) peers in \(connectWall.formattedSeconds) (\(Int(Double(peers) / connectWall.seconds)) joins/s); "
            + "per peer p50 \(connectTimes.percentile(0.5).formattedMilliseconds) p99 \(connectTimes.percentile(0.99).formattedMilliseconds) "
            + "max \(connectTimes.max().formattedMilliseconds)")
        let rssJoined = child?.residentSetKilobytes()

        let serverTicks = child?.cpuTicks()
        let generatorTicks = ProcessUsage.cpuTicks(pid: getpid())
        let result = try await swarm.relay(rate: rate, seconds: duration)
        let rssPeak = child?.peakResidentSetKilobytes()
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        func share(_ before: Int?, _ after: Int?) -> String {
            guard let before, let after else { return "?" }
            let seconds = Double(after - before) / ticksPerSecond
            return String(format: "%.0f %% of a core (%.0f µs a message)",
                          100 * seconds / result.elapsed.seconds, 1e6 * seconds / Double(max(result.received, 1)))
        }
        print("relay: sent \(result.sent), received \(result.received) (\(result.lost) missing) in \(result.elapsed.formattedSeconds): "
            + "\(Int(Double(result.received) / result.elapsed.seconds)) msg/s")
        print("relay latency: p50 \(result.latencies.percentile(0.5).formattedMilliseconds) "
            + "p99 \(result.latencies.percentile(0.99).formattedMilliseconds) "
            + "p99.9 \(result.latencies.percentile(0.999).formattedMilliseconds) max \(result.latencies.max().formattedMilliseconds)")
        print("CPU while relaying: server \(share(serverTicks, child?.cpuTicks())), "
            + "generator \(share(generatorTicks, ProcessUsage.cpuTicks(pid: getpid())))")
        if let rssIdle, let rssJoined, let rssPeak {
            print("server RSS: idle \(rssIdle / 1024) MB, \(peers) peers joined \(rssJoined / 1024) MB, peak \(rssPeak / 1024) MB")
        }
        await swarm.closeAll()
    }

    private func serverAddress(child: BenchServerProcess?) throws -> (host: String, port: Int) {
        if let child { return ("127.0.0.1", child.port) }
        guard let server, let url = URL(string: server), url.scheme == "ws", let host = url.host, let port = url.port else {
            throw ValidationError("--server must look like ws://host:port")
        }
        return (host, port)
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
