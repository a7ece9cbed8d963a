import Logging
import ParleyAudio
import ParleyClient

/// Where a terminal call's audio comes from and goes to.
public struct AudioChoice: Sendable, Hashable {
    public enum Input: Sendable, Hashable {
        case device(String)
        case file(String)
        case none
    }

    public enum Output: Sendable, Hashable {
        case device(String)
        case file(String)
        case none
    }

    public var input: Input
    public var output: Output
    public var periodMilliseconds: Int

    public init(input: Input, output: Output, periodMilliseconds: Int) {
        self.input = input
        self.output = output
        self.periodMilliseconds = periodMilliseconds
    }

    /// What could be opened, and in words what could not: a missing or busy device makes the
    /// call receive-only or send-only instead of failing (the rule).
    public struct Opened {
        /// Silence stands in for a source that could not be opened; `sends` says which it is.
        public var endpoints: AudioEndpoints
        public var sends: Bool
        public var problems: [String]
    }

    public func open(logger: Logger) -> Opened {
        var problems: [String] = []
        var source: (any AudioSource)?
        switch input {
        case let .device(name):
            do {
                source = try ALSACaptureSource(device: name, periodMilliseconds: periodMilliseconds)
            } catch {
                problems.append("No microphone: \(error). Listening only.")
            }
        case let .file(path):
            do {
                source = try WAVLoopSource(path: path)
            } catch {
                problems.append("Cannot play \(path): \(error). Listening only.")
            }
        case .none:
            break
        }
        var sink: any AudioSink = DiscardingSink()
        switch output {
        case let .device(name):
            do {
                sink = try ALSAPlaybackSink(device: name, periodMilliseconds: periodMilliseconds)
            } catch {
                problems.append("No speaker: \(error). You will not hear the others.")
            }
        case let .file(path):
            do {
                sink = try WAVRecordingSink(path: path, logger: logger)
            } catch {
                problems.append("Cannot record to \(path): \(error).")
            }
        case .none:
            break
        }
        return Opened(endpoints: AudioEndpoints(source: source ?? SilenceSource(), sink: sink), sends: source != nil,
                      problems: problems)
    }

    /// Over SSH the devices are the remote host's: say so, and which (issue 5, item 6).
    public func remoteHostNotice(environment: [String: String], hostName: String) -> String? {
        guard environment["SSH_CONNECTION"] != nil || environment["SSH_CLIENT"] != nil else { return nil }
        return "Over SSH: audio uses \(hostName)'s devices (mic \(Self.describe(input)), speaker \(Self.describe(output)))"
    }

    static func describe(_ input: Input) -> String {
        switch input {
        case let .device(name): name
        case let .file(path): "file \(path)"
        case .none: "none"
        }
    }

    static func describe(_ output: Output) -> String {
        switch output {
        case let .device(name): name
        case let .file(path): "file \(path)"
        case .none: "none"
        }
    }
}
