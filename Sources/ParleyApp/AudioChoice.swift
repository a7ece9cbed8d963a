import Logging
import ParleyAudio
import ParleyClient

/// Where a terminal call's audio comes from and goes to.
public struct AudioChoice: Sendable, Hashable {
    /// One end: an ALSA device, a WAV file (played in a loop, or recorded), or nothing.
    public enum Endpoint: Sendable, Hashable, CustomStringConvertible {
        case device(String)
        case file(String)
        case none

        public var description: String {
            switch self {
            case let .device(name): name
            case let .file(path): "file \(path)"
            case .none: "none"
            }
        }
    }

    public var input: Endpoint
    public var output: Endpoint
    public var periodMilliseconds: Int

    public init(input: Endpoint, output: Endpoint, periodMilliseconds: Int) {
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
        return "Over SSH: audio uses \(hostName)'s devices (mic \(input), speaker \(output))"
    }
}
