import ArgumentParser
import Foundation
import Logging
import ParleyAudio
import ParleyClient
import ParleyRTC

struct Bot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A headless peer: sends a WAV file (or a tone) to everyone in a room and records what it hears.",
        discussion: """
            Joins like any browser would and stays until --duration has passed or it gets \
            SIGINT/SIGTERM, then leaves cleanly. With --stats-json it writes peer state changes \
            and once a second each peer's statistics as JSON lines.
            """
    )

    @Argument(help: "WebSocket URL of a room, e.g. ws://127.0.0.1:8042/webrtc/lobby")
    var url: String

    @Option(help: "Display name shown to the others (default: bot-XXXX).")
    var name: String?

    @Option(help: "WAV file to send, looped and paced in real time (any rate and channel count).")
    var play: String?

    @Option(help: "Frequency of the tone sent when no --play file is given, in Hz.")
    var tone: Double = 440

    @Option(help: "Record the mix of what the bot receives to this WAV file (48 kHz mono).")
    var record: String?

    @Option(help: "Send what this ALSA capture device hears instead of a file or tone (e.g. default, pulse, hw:1,0).")
    var capture: String?

    @Option(help: "Also play what the bot receives on this ALSA playback device.")
    var playback: String?

    @Option(help: "ALSA period in milliseconds (10 or 20).")
    var periodMs: Int = 10

    @Option(help: "Leave after this many seconds (default: stay until interrupted).")
    var duration: Double?

    @Option(name: .customLong("stats-json"), help: "Write peer state changes and per-peer statistics here, as JSON lines.")
    var statsJSON: String?

    @Flag(help: "Send nothing; only receive.")
    var listenOnly = false

    @Option(name: .customLong("candidate-address"),
            help: "Gather ICE host candidates only on this local address (repeatable). Default: every interface, plus loopback when the server is on loopback.")
    var candidateAddresses: [String] = []

    @Option(help: "Opus bitrate in bit/s.")
    var bitrate: Int = 64_000

    @Option(help: "Opus encoder complexity, 0–10 (lower costs less CPU, sounds a little worse).")
    var complexity: Int = Bot.defaultComplexity

    /// Lower than the terminal client's 9: a bot is a load generator and a test peer, often many
    /// on one machine, and 5 takes about a fifth off libopus's share of a bot's CPU (README,
    /// "Calls") for a small loss of encoding quality. Quality measurements pass their own.
    static let defaultComplexity = 5

    @Option(name: .customLong("restart-ice-after"),
            help: "Restart ICE with every peer this many seconds after starting, to check that a call survives it.")
    var restartICEAfter: Double?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    func validate() throws {
        if let duration, !(duration > 0) { throw ValidationError("--duration must be a positive number of seconds") }
        if !(20...20_000).contains(tone) { throw ValidationError("--tone must be 20…20000 Hz") }
        if !(6_000...510_000).contains(bitrate) { throw ValidationError("--bitrate must be 6000…510000 bit/s") }
        if !(0...10).contains(complexity) { throw ValidationError("--complexity must be 0…10") }
        if capture != nil, play != nil { throw ValidationError("--capture and --play both choose what to send; give one") }
        if let restartICEAfter, !(restartICEAfter > 0) { throw ValidationError("--restart-ice-after must be a positive number of seconds") }
        if ![10, 20].contains(periodMs) { throw ValidationError("--period-ms must be 10 or 20") }
    }

    func run() async throws {
        LoggingSetup.bootstrap(level: logLevel)
        let logger = Logger(label: "parley.bot")
        var room: SignalingURL
        do {
            room = try SignalingURL(parsing: url)
        } catch {
            throw CommandFailure(error.description)
        }
        room.name = name ?? room.name ?? "bot-\(String(UInt16.random(in: 0...UInt16.max), radix: 16))"

        var media = CallMediaConfiguration(sends: !listenOnly)
        media.encoder.bitrate = bitrate
        media.encoder.complexity = complexity
        // As the browser client does: STUN servers from the server's /api/config (none from a
        // membrane server, and never a public default).
        media.stunServers = await ServerAPI(base: room.httpBase).stunServers()
        if candidateAddresses.isEmpty {
            media.includeLoopback = CandidateAddresses.isLoopback(host: room.host)
        } else {
            media.hostAddresses = try candidateAddresses.map { text in
                guard let address = IPAddress(text) else { throw CommandFailure("--candidate-address \(text) is not an IP address") }
                return address
            }
        }

        let source: any AudioSource
        if let capture {
            do {
                source = try ALSACaptureSource(device: capture, periodMilliseconds: periodMs)
            } catch {
                throw CommandFailure(error.description)
            }
        } else if let play {
            do {
                source = try WAVLoopSource(path: play)
            } catch {
                throw CommandFailure(error.description)
            }
        } else {
            source = ToneSource(frequency: tone)
        }
        var sinks: [any AudioSink] = []
        if let record {
            do {
                sinks.append(try WAVRecordingSink(path: record, logger: logger))
            } catch {
                throw CommandFailure(error.description)
            }
        }
        if let playback {
            do {
                sinks.append(try ALSAPlaybackSink(device: playback, periodMilliseconds: periodMs))
            } catch {
                throw CommandFailure(error.description)
            }
        }
        let sink: any AudioSink = sinks.isEmpty ? DiscardingSink() : TeeSink(sinks)
        let statsLog: CallStatsLog?
        do {
            statsLog = try statsJSON.map { path throws(CallStatsLogError) in try CallStatsLog(path: path) }
        } catch {
            throw CommandFailure(error.description)
        }

        let callMedia = try CallMedia(configuration: media, source: source, sink: sink, logger: logger)
        let orchestrator = Orchestrator(options: .init(url: room, statisticsInterval: .milliseconds(250)),
                                        media: callMedia, logger: logger)
        let signals = TerminationSignals { _ in orchestrator.leave(reason: "Interrupted.") }
        if let duration {
            Task {
                try? await Task.sleep(for: .seconds(duration))
                orchestrator.leave(reason: "Duration reached.")
            }
        }
        if let restartICEAfter {
            Task {
                try? await Task.sleep(for: .seconds(restartICEAfter))
                await orchestrator.restartConnections()
            }
        }
        let states = orchestrator.states
        let recorder = Task {
            var lastStatistics = ContinuousClock.now
            var last: CallState?
            for await state in states {
                last = state
                statsLog?.recordChanges(state)
                if lastStatistics.duration(to: .now) >= .seconds(1) {
                    lastStatistics = .now
                    statsLog?.recordStatistics(state)
                }
            }
            if let last {
                statsLog?.recordStatistics(last)
                statsLog?.recordChanges(last)
            }
            statsLog?.close()
        }
        let final = await orchestrator.run()
        await recorder.value
        withExtendedLifetime(signals) {}
        if case let .ended(reason) = final.phase, !final.hasJoined {
            throw CommandFailure(reason)
        }
    }
}
