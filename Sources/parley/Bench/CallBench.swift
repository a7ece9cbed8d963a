import ArgumentParser
import Foundation
import Logging
import ParleyClient
import ParleyRTC

/// `parley bench call`: how fast a call starts and what a `parley bot` costs while in one.
struct CallBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Join→first audio over loopback, and CPU and RSS of parley bot processes in calls."
    )

    @Option(help: "Calls to time for join→first audio.")
    var calls: Int = 20

    @Option(help: "Mesh sizes to measure CPU and RSS in (comma separated).")
    var meshes: String = "2,6"

    @Option(help: "Seconds of CPU sampling per mesh, after every bot is connected.")
    var duration: Int = 10

    @Option(help: "Opus complexity of the bots (0–10); the default is the bot's.")
    var complexity: Int = Bot.defaultComplexity

    func validate() throws {
        guard calls >= 1, duration >= 1 else { throw ValidationError("--calls and --duration must be ≥ 1") }
        guard meshSizes.allSatisfy({ (2...16).contains($0) }), !meshSizes.isEmpty else {
            throw ValidationError("--meshes: sizes 2…16, e.g. 2,6")
        }
    }

    var meshSizes: [Int] { meshes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func run() async throws {
        LoggingSetup.bootstrap(level: .error)
        let server = try await BenchServerProcess.start(maxPeersPerRoom: 16)
        defer { server.stop() }
        print("parley bench call: \(calls) calls, meshes \(meshSizes), \(duration) s sampling")
        print("machine: \(MachineDescription.current)")

        let timings = try await JoinLatency.measure(calls: calls, port: server.port)
        print("join→first audio packet (newcomer hears the peer already there): median \(timings.newcomer.percentile(0.5).formattedMilliseconds), "
            + "p90 \(timings.newcomer.percentile(0.9).formattedMilliseconds), max \(timings.newcomer.max().formattedMilliseconds)")
        print("  newcomer's stages (median): in the room \(timings.joined.percentile(0.5).formattedMilliseconds), "
            + "offer answered \(timings.offered.percentile(0.5).formattedMilliseconds), "
            + "ICE connected \(timings.iceConnected.percentile(0.5).formattedMilliseconds), "
            + "DTLS-SRTP connected \(timings.connected.percentile(0.5).formattedMilliseconds)")
        print("join→first audio packet (the peer already there hears the newcomer): median \(timings.present.percentile(0.5).formattedMilliseconds), "
            + "p90 \(timings.present.percentile(0.9).formattedMilliseconds), max \(timings.present.max().formattedMilliseconds)")

        for size in meshSizes {
            let result = try await BotMesh.measure(size: size, port: server.port, seconds: duration, complexity: complexity)
            print("\(size)-peer mesh of parley bot processes (Opus complexity \(complexity)): CPU per bot mean \(String(format: "%.2f", result.meanCPU)) %, "
                + "max \(String(format: "%.2f", result.maxCPU)) % of one core, per remote peer \(String(format: "%.2f", result.meanCPU / Double(size - 1))) %; "
                + "RSS per bot mean \(result.meanRSS / 1024) MB, max \(result.maxRSS / 1024) MB; "
                + "PSS per bot mean \(result.meanPSS / 1024) MB (shared library pages split between the bots)")
        }
    }
}

/// Two Orchestrators in this process, one joining after the other, timed from the second's
/// start to the first audio packet each way.
enum JoinLatency {
    struct Timings {
        var newcomer: [Duration] = []
        var present: [Duration] = []
        /// Where the newcomer's time goes: in the room, offer answered, ICE connected, DTLS done.
        var joined: [Duration] = []
        var offered: [Duration] = []
        var iceConnected: [Duration] = []
        var connected: [Duration] = []
    }

    static func measure(calls: Int, port: Int) async throws -> Timings {
        var timings = Timings()
        var logger = Logger(label: "parley.bench")
        logger.logLevel = .error
        for call in 0..<calls {
            let url = SignalingURL(host: "127.0.0.1", port: port, room: "join-\(call)-\(UInt32.random(in: 0...UInt32.max))")
            let first = try makeCall(url: url, name: "present", logger: logger)
            let firstRun = Task { await first.run() }
            _ = await waitFor(first, timeout: .seconds(5)) { $0.phase == .joined }

            let start = ContinuousClock.now
            let second = try makeCall(url: url, name: "newcomer", logger: logger)
            let secondRun = Task { await second.run() }
            let stages = Task { await Self.stages(of: second, from: start) }
            let heard = await waitFor(second, timeout: .seconds(5)) { $0.peers.first?.firstAudioAt != nil }
            let other = await waitFor(first, timeout: .seconds(5)) { $0.peers.first?.firstAudioAt != nil }
            if let at = heard?.peers.first?.firstAudioAt { timings.newcomer.append(start.duration(to: at)) }
            if let at = other?.peers.first?.firstAudioAt { timings.present.append(start.duration(to: at)) }
            first.leave()
            second.leave()
            _ = await (firstRun.value, secondRun.value)
            let seen = await stages.value
            if let value = seen.joined { timings.joined.append(value) }
            if let value = seen.offered { timings.offered.append(value) }
            if let value = seen.iceConnected { timings.iceConnected.append(value) }
            if let value = seen.connected { timings.connected.append(value) }
            if heard == nil || other == nil { throw BenchFailure("call \(call): no audio within 5 s") }
        }
        return timings
    }

    /// When the newcomer's published state first showed each stage, from `start`.
    private static func stages(of call: Orchestrator, from start: ContinuousClock.Instant)
        async -> (joined: Duration?, offered: Duration?, iceConnected: Duration?, connected: Duration?) {
        var result: (joined: Duration?, offered: Duration?, iceConnected: Duration?, connected: Duration?) = (nil, nil, nil, nil)
        for await state in call.states {
            let now = start.duration(to: .now)
            if result.joined == nil, state.phase == .joined { result.joined = now }
            if result.offered == nil, state.peers.first?.signaling == .answered { result.offered = now }
            if result.iceConnected == nil, state.peers.first?.media.iceConnectionState.isConnected == true { result.iceConnected = now }
            if result.connected == nil, state.peers.first?.media.connectionState == .connected { result.connected = now }
        }
        return result
    }

    private static func makeCall(url: SignalingURL, name: String, logger: Logger) throws -> Orchestrator {
        var named = url
        named.name = name
        let media = try CallMedia(configuration: CallMediaConfiguration(hostAddresses: [.ipv4Loopback]),
                                  source: ToneSource(frequency: 440), sink: DiscardingSink(), logger: logger)
        return Orchestrator(options: .init(url: named, reconnects: false), media: media, logger: logger)
    }

    private static func waitFor(_ call: Orchestrator, timeout: Duration,
                                _ condition: (CallState) -> Bool) async -> CallState? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let state = await call.currentState
            if condition(state) { return state }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return nil
    }
}

/// N `parley bot` processes in one room; CPU from /proc/<pid>/stat over a window once all are
/// connected, RSS from /proc/<pid>/status.
enum BotMesh {
    struct Result {
        var meanCPU: Double
        var maxCPU: Double
        var meanRSS: Int
        var maxRSS: Int
        var meanPSS: Int
    }

    static func measure(size: Int, port: Int, seconds: Int, complexity: Int) async throws -> Result {
        let room = "mesh-\(size)-\(UInt32.random(in: 0...UInt32.max))"
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var bots: [Process] = []
        defer {
            for bot in bots where bot.isRunning {
                kill(bot.processIdentifier, SIGKILL)
                bot.waitUntilExit()
            }
        }
        for index in 0..<size {
            let bot = Process()
            bot.executableURL = executable
            bot.arguments = ["bot", "ws://127.0.0.1:\(port)/webrtc/\(room)", "--name", "bot\(index)",
                             "--tone", String(300 + 50 * index), "--candidate-address", "127.0.0.1",
                             "--duration", String(seconds + 10 + size), "--complexity", String(complexity),
                             "--log-level", "error"]
            bot.standardOutput = FileHandle.nullDevice
            try bot.run()
            bots.append(bot)
        }
        // Joining and connecting a mesh takes well under a second per peer here; settle first.
        try await Task.sleep(for: .seconds(3 + size / 2))
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let before = bots.map { ProcessUsage.cpuTicks(pid: $0.processIdentifier) }
        let start = ContinuousClock.now
        try await Task.sleep(for: .seconds(seconds))
        let elapsed = start.duration(to: .now).seconds
        let after = bots.map { ProcessUsage.cpuTicks(pid: $0.processIdentifier) }
        let rss = bots.compactMap { ProcessUsage.residentSetKilobytes(pid: $0.processIdentifier) }
        let pss = bots.compactMap { ProcessUsage.proportionalSetKilobytes(pid: $0.processIdentifier) }
        var cpu: [Double] = []
        for (b, a) in zip(before, after) {
            guard let b, let a else { throw BenchFailure("a bot exited during the measurement") }
            cpu.append(Double(a - b) / ticksPerSecond / elapsed * 100)
        }
        guard rss.count == bots.count else { throw BenchFailure("a bot exited during the measurement") }
        return Result(meanCPU: cpu.reduce(0, +) / Double(cpu.count), maxCPU: cpu.max() ?? 0,
                      meanRSS: rss.reduce(0, +) / rss.count, maxRSS: rss.max() ?? 0,
                      meanPSS: pss.isEmpty ? 0 : pss.reduce(0, +) / pss.count)
    }
}

enum ProcessUsage {
    /// utime + stime of a process, in clock ticks.
    static func cpuTicks(pid: Int32) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3; utime and stime are 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    static func residentSetKilobytes(pid: Int32) -> Int? { statusField("VmRSS:", pid: pid) }
    static func peakResidentSetKilobytes(pid: Int32) -> Int? { statusField("VmHWM:", pid: pid) }

    /// Resident pages with each shared page divided by the processes mapping it.
    static func proportionalSetKilobytes(pid: Int32) -> Int? { statusField("Pss:", pid: pid, file: "smaps_rollup") }

    /// A kilobyte figure from /proc/<pid>/status (or another file of that form).
    private static func statusField(_ name: String, pid: Int32, file: String = "status") -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/\(file)", encoding: .utf8) else { return nil }
        return status.split(separator: "\n").first { $0.hasPrefix(name) }
            .flatMap { Int($0.dropFirst(name.count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") }
    }
}
