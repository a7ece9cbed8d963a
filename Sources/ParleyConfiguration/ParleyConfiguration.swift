import Foundation

/// Everything Parley reads from its configuration file (`Config/parley.json` documents every key).
/// Every key is optional in a file: a missing key takes the default shown in `Config/parley.json`.
public struct ParleyConfiguration: Sendable, Hashable {
    public var server: ServerSettings
    public var iceServers: [ICEServer]
    public var audio: AudioSettings
    public var opus: OpusSettings
    public var terminal: TerminalSettings

    public init(
        server: ServerSettings = .init(),
        iceServers: [ICEServer] = [],
        audio: AudioSettings = .init(),
        opus: OpusSettings = .init(),
        terminal: TerminalSettings = .init()
    ) {
        self.server = server
        self.iceServers = iceServers
        self.audio = audio
        self.opus = opus
        self.terminal = terminal
    }
}

extension ParleyConfiguration: Codable {
    enum CodingKeys: String, CodingKey {
        case server
        case iceServers = "ice_servers"
        case audio, opus, terminal
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        server = try c.decodeIfPresent(ServerSettings.self, forKey: .server) ?? .init()
        iceServers = try c.decodeIfPresent([ICEServer].self, forKey: .iceServers) ?? []
        audio = try c.decodeIfPresent(AudioSettings.self, forKey: .audio) ?? .init()
        opus = try c.decodeIfPresent(OpusSettings.self, forKey: .opus) ?? .init()
        terminal = try c.decodeIfPresent(TerminalSettings.self, forKey: .terminal) ?? .init()
    }
}

/// A configuration file that cannot be used, with a message a person can act on.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension ParleyConfiguration {
    /// Loads and validates a JSON configuration file.
    public static func load(path: String) throws(ConfigurationError) -> ParleyConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError("cannot read configuration file \(path): \(error.localizedDescription)")
        }
        return try parse(data, source: path)
    }

    public static func parse(_ data: Data, source: String = "configuration") throws(ConfigurationError) -> ParleyConfiguration {
        let configuration: ParleyConfiguration
        do {
            configuration = try JSONDecoder().decode(ParleyConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError("\(source): \(Self.describe(error))")
        } catch {
            throw ConfigurationError("\(source): \(error)")
        }
        try configuration.validate(source: source)
        return configuration
    }

    public func validate(source: String = "configuration") throws(ConfigurationError) {
        let problems = server.problems() + audio.problems() + opus.problems() + terminal.problems()
            + iceServers.flatMap { $0.problems() }
        if let first = problems.first {
            throw ConfigurationError("\(source): \(first)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): missing \(type)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required key missing"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
