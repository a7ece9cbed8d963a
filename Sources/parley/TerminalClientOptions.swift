import ArgumentParser
import Foundation
import Logging
import ParleyApp
import ParleyClient
import ParleyConfiguration
import ParleyRTC
import ParleyTUI

/// What `parley join` and plain `parley` share: who you are, which audio, which keys.
struct TerminalClientOptions: ParsableArguments {
    @Option(help: "Your display name (default: your login name).")
    var name: String?

    @Option(help: "ALSA capture device (default: audio.capture of the config, else \"default\"). See `parley devices`.")
    var capture: String?

    @Option(help: "ALSA playback device (default: audio.playback of the config, else \"default\").")
    var playback: String?

    @Option(help: "Send this WAV file (looped) instead of a microphone.")
    var play: String?

    @Option(help: "Record what you hear to this WAV file instead of playing it.")
    var record: String?

    @Option(help: "Push-to-talk: off, latch (the key toggles the mic) or hold (the mic is open while the key repeats).")
    var pushToTalk: TerminalSettings.PushToTalk?

    @Option(help: "JSON configuration file (see Config/parley.json: audio, opus, terminal.keys, terminal.push_to_talk).")
    var config: String?

    @Option(name: .customLong("candidate-address"), help: "Gather ICE host candidates only on this address (repeatable).")
    var candidateAddresses: [String] = []

    @Option(help: "Write logs to this file (nothing may write to the terminal while the screen is up).")
    var logFile: String?

    @Option(help: "Log level for --log-file.")
    var logLevel: Logger.Level = .info

    func loadConfiguration() throws -> ParleyConfiguration {
        guard let config else { return ParleyConfiguration() }
        do {
            let configuration = try ParleyConfiguration.load(path: config)
            try configuration.validate(source: config)
            return configuration
        } catch {
            throw CommandFailure(error.description)
        }
    }

    var displayName: String {
        if let name, !name.isEmpty { return name }
        let environment = ProcessInfo.processInfo.environment
        return environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
    }

    /// Runs the screen and the call; prints the closing line once the terminal is restored.
    func runSession(url: SignalingURL, configuration: ParleyConfiguration, showsBrowserLink: Bool) async throws {
        let logger = Logger(label: "parley.terminal")
        let audio = AudioChoice(
            input: play.map(AudioChoice.Endpoint.file) ?? .device(capture ?? configuration.audio.capture),
            output: record.map(AudioChoice.Endpoint.file) ?? .device(playback ?? configuration.audio.playback),
            periodMilliseconds: configuration.audio.periodMilliseconds)
        var media = CallMediaConfiguration()
        media.encoder.bitrate = configuration.opus.bitrate
        media.encoder.inbandFEC = configuration.opus.inbandFEC
        media.encoder.discontinuousTransmission = configuration.opus.dtx
        media.encoder.complexity = configuration.opus.complexity
        if candidateAddresses.isEmpty {
            media.includeLoopback = CandidateAddresses.isLoopback(host: url.host)
        } else {
            media.hostAddresses = try candidateAddresses.map { text in
                guard let address = IPAddress(text) else { throw CommandFailure("--candidate-address \(text) is not an IP address") }
                return address
            }
        }
        media.stunServers = await ServerAPI(base: url.httpBase).stunServers()
        let bindings: KeyBindings
        do {
            bindings = try KeyBindings(with: configuration.terminal.keys)
        } catch {
            throw CommandFailure("terminal.keys: \(error)")
        }
        let pushToTalk: PushToTalkMode? = switch pushToTalk ?? configuration.terminal.pushToTalk {
        case .off: nil
        case .latch: .latch
        case .hold: .holdDefault
        }
        let environment = ProcessInfo.processInfo.environment
        let options = TerminalSession.Options(
            url: url, audio: audio, media: media, bindings: bindings, pushToTalk: pushToTalk,
            showsBrowserLink: showsBrowserLink,
            remoteHostNotice: audio.remoteHostNotice(environment: environment, hostName: ProcessInfo.processInfo.hostName))
        let ui: TerminalUI
        do {
            ui = try TerminalUI(
                options: .init(controller: .init(bindings: bindings, pushToTalk: pushToTalk, roomNameProblem: RoomName.problem)),
                rooms: RoomsViewModel(server: url.serverLabel, isLoading: true))
        } catch {
            throw CommandFailure(error.description)
        }
        let farewell = await TerminalSession(options: options, ui: ui, logger: logger).run()
        ui.close()
        print(farewell)
    }

    /// Call first: a Logger made before this would write onto the screen.
    func bootstrapLogging() throws {
        guard let logFile else {
            LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
            return
        }
        guard FileManager.default.createFile(atPath: logFile, contents: nil),
              let handle = FileHandle(forWritingAtPath: logFile) else {
            throw CommandFailure("cannot write the log file \(logFile)")
        }
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = FileLogHandler(label: label, handle: handle)
            handler.logLevel = level
            return handler
        }
    }
}

extension TerminalSettings.PushToTalk: ExpressibleByArgument {}
