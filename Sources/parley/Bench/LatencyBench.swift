import ArgumentParser
import Foundation
import Logging
import ParleyAudio
import ParleyClient
import ParleyRTC

/// `parley bench latency`: mouth-to-ear latency of one direction of a call between two Parley
/// peers in this process, over loopback, with a file-like source and sink.
///
/// Peer A sends silence with a click every `--interval` ms; peer B's sink finds each click's
/// onset in what it is handed. One click's latency is the instant B's sink was handed the onset
/// sample (the frame's hand-over plus the onset's offset in it) minus the instant A's source
/// produced the click's first sample (likewise).
///
/// Where B's 20 ms audio-clock wakes fall relative to A's decides how long a packet waits for
/// its first pull, anything from 0 to 20 ms; between two machines it is arbitrary. Started
/// together in one process, both clocks would tick in step, so call k starts B's clock
/// (k + ½) × 20 ms / calls after A's, and the calls are pooled.
struct LatencyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Mouth-to-ear latency between two Parley peers over loopback (file-like audio ends)."
    )

    @Option(help: "Calls to measure, at phases between the two peers' audio clocks spread over 20 ms.")
    var calls: Int = 5

    @Option(help: "Clicks to time per call, after settling.")
    var clicks: Int = 20

    @Option(help: "Milliseconds between clicks.")
    var interval: Int = 500

    @Option(help: "Seconds to let each call settle after its first audio packet before timing clicks.")
    var settle: Int = 3

    func validate() throws {
        guard calls >= 1, clicks >= 1, settle >= 0 else { throw ValidationError("--calls, --clicks ≥ 1; --settle ≥ 0") }
        guard (200...5000).contains(interval) else { throw ValidationError("--interval: 200…5000 ms") }
    }

    var intervalSamples: Int { interval * OpusAudioFormat.sampleRate / 1000 }

    func run() async throws {
        LoggingSetup.bootstrap(level: .error)
        let server = try await BenchServerProcess.start(maxPeersPerRoom: 2)
        defer { server.stop() }
        print("parley bench latency: \(calls) calls, \(clicks) clicks each after \(settle) s settling, "
            + "a click every \(interval) ms, 20 ms Opus frames, 0 % loss, loopback")
        print("machine: \(MachineDescription.current)")
        let codec = try ClickSource.codecDelay(encoder: CallMediaConfiguration().encoder, intervalSamples: intervalSamples)
        print("Opus encode→decode alone (look-ahead, and where the detector finds the decoded onset), offline: "
            + codec.formattedMilliseconds)

        var all: [Duration] = []
        var settling: [Duration] = []
        for call in 0..<calls {
            let phase = Duration.microseconds(Int64((Double(call) + 0.5) * 20_000 / Double(calls)))
            let result = try await ClickCall(intervalSamples: intervalSamples, clicks: clicks, settle: .seconds(settle),
                                             phase: phase).measure(port: server.port)
            all += result.latencies
            settling += result.settling
            print("call \(call + 1), B's clock \(phase.formattedMilliseconds) after A's: mouth-to-ear median \(result.latencies.percentile(0.5).formattedMilliseconds), "
                + "min \(result.latencies.min(by: <).map(\.formattedMilliseconds) ?? "-"), "
                + "max \(result.latencies.max().formattedMilliseconds); B's jitter buffer delay (its statistics every 100 ms) "
                + String(format: "mean %.1f ms (min %.1f, max %.1f)", result.bufferMean, result.bufferMin, result.bufferMax)
                + String(format: ", target %.1f ms", result.target)
                + String(format: "; arrival jitter (RFC 3550) %.2f ms; concealed %.0f ms", result.jitter, result.concealed))
        }
        print("mouth-to-ear over \(all.count) clicks: median \(all.percentile(0.5).formattedMilliseconds), "
            + "p90 \(all.percentile(0.9).formattedMilliseconds), max \(all.max().formattedMilliseconds)")
        print("while settling (the first \(settle) s of audio, not in the figures above), \(settling.count) clicks: "
            + "median \(settling.percentile(0.5).formattedMilliseconds), max \(settling.max().formattedMilliseconds)")
        print("""
            included: A's 20 ms frame clock, Opus encode (and its look-ahead), SRTP, UDP over loopback, B's \
            receive path, B's jitter buffer, Opus decode, mixing, and the wait for B's next 20 ms audio-clock \
            wake. Counted at the hand-over to the sink: both 10 ms frames of a wake go at once, so a sound \
            card would start the second 10 ms after the instant counted here.
            not included: sound-card buffers at either end (a microphone's period and the 20 ms it takes to \
            fill a frame; the playback ring after the sink), and any real network: the source and sink here \
            are file-like, and both peers run in this one process.
            """)
    }
}

/// One call between A (clicks) and B (onset detector), through the `parley serve` child.
struct ClickCall {
    struct Result {
        var latencies: [Duration]
        /// Clicks heard between the first audio and the end of settling.
        var settling: [Duration]
        var bufferMean: Double
        var bufferMin: Double
        var bufferMax: Double
        var target: Double
        var jitter: Double
        var concealed: Double
    }

    let intervalSamples: Int
    let clicks: Int
    let settle: Duration
    /// How long after A's audio clock B's starts.
    let phase: Duration

    func measure(port: Int) async throws -> Result {
        var logger = Logger(label: "parley.bench")
        logger.logLevel = .error
        let probe = LatencyProbe()
        let url = SignalingURL(host: "127.0.0.1", port: port, room: "latency-\(UInt32.random(in: 0...UInt32.max))")
        let configuration = CallMediaConfiguration(hostAddresses: [.ipv4Loopback])
        let speaker = Orchestrator(
            options: .init(url: Self.named(url, "A"), reconnects: false),
            media: try CallMedia(configuration: configuration,
                                 source: ClickSource(probe: probe, intervalSamples: intervalSamples),
                                 sink: DiscardingSink(), logger: logger),
            logger: logger)
        let listener = Orchestrator(
            options: .init(url: Self.named(url, "B"), reconnects: false),
            media: try CallMedia(configuration: configuration, source: SilenceSource(),
                                 sink: OnsetDetectingSink(probe: probe), logger: logger),
            logger: logger)
        // `run` starts each side's audio clock at once.
        let speakerRun = Task { await speaker.run() }
        try await Task.sleep(for: phase)
        let listenerRun = Task { await listener.run() }
        defer {
            speaker.leave()
            listener.leave()
        }
        guard await Self.waitFor(listener, timeout: .seconds(10), { $0.peers.first?.firstAudioAt != nil }) != nil else {
            throw BenchFailure("B heard no audio from A within 10 s")
        }
        try await Task.sleep(for: settle)
        let measuring = ContinuousClock.now
        let before = await listener.currentState.peers.first?.media ?? MediaPeerStatistics()
        let clickDuration = ClickSource.duration(samples: intervalSamples)
        let deadline = measuring + clickDuration * (clicks + 2) * 2
        var delays: [Double] = []
        var latest = before
        while ContinuousClock.now < deadline, probe.onsets.filter({ $0.instant >= measuring }).count < clicks {
            try await Task.sleep(for: .milliseconds(100))
            guard let media = await listener.currentState.peers.first?.media else { continue }
            latest = media
            delays.append(media.jitterBufferDelayMilliseconds)
        }
        let target = await listener.currentState.peers.first?.media.jitterBufferTargetMilliseconds ?? 0
        speaker.leave()
        listener.leave()
        _ = await (speakerRun.value, listenerRun.value)

        let onsets = probe.onsets.filter { $0.instant >= measuring }.prefix(clicks)
        guard onsets.count == clicks else {
            throw BenchFailure("B found \(onsets.count) of \(clicks) clicks in \(measuring.duration(to: deadline).formattedSeconds)")
        }
        let produced = probe.clicks
        return Result(latencies: try Self.latencies(of: Array(onsets), produced: produced, interval: clickDuration),
                      settling: try Self.latencies(of: probe.onsets.filter { $0.instant < measuring },
                                                   produced: produced, interval: clickDuration),
                      bufferMean: delays.isEmpty ? 0 : delays.reduce(0, +) / Double(delays.count),
                      bufferMin: delays.min() ?? 0, bufferMax: delays.max() ?? 0, target: target,
                      jitter: latest.jitterMilliseconds,
                      concealed: latest.concealedMilliseconds - before.concealedMilliseconds)
    }

    /// Each onset's click is the newest one produced before it was heard; a latency of more
    /// than half the interval would make that guess unsafe.
    private static func latencies(of onsets: [LatencyProbe.Onset], produced: [ContinuousClock.Instant],
                                  interval: Duration) throws -> [Duration] {
        try onsets.map { onset in
            guard let click = produced.last(where: { $0 <= onset.instant }) else {
                throw BenchFailure("an onset before any click was produced")
            }
            let latency = click.duration(to: onset.instant)
            guard latency < interval / 2 else {
                throw BenchFailure("an onset (peak \(String(format: "%.2f", onset.peak)) of full scale) "
                    + "\(latency.formattedMilliseconds) after the last click: over half the interval")
            }
            return latency
        }
    }

    private static func named(_ url: SignalingURL, _ name: String) -> SignalingURL {
        var named = url
        named.name = name
        return named
    }

    private static func waitFor(_ call: Orchestrator, timeout: Duration,
                                _ condition: (CallState) -> Bool) async -> CallState? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let state = await call.currentState
            if condition(state) { return state }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }
}
