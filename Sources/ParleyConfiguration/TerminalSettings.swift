/// `terminal` section: the terminal client's keys and push-to-talk.
public struct TerminalSettings: Sendable, Hashable {
    public enum PushToTalk: String, Sendable, Hashable, Codable, CaseIterable {
        /// The microphone is live unless muted.
        case off
        /// The key opens the microphone; pressing it again closes it.
        case latch
        /// The microphone stays open while the key repeats (terminals report no key release).
        case hold
    }

    /// Action name → keys, e.g. `{"mute": "m, f2", "leave": "q"}`; unnamed actions keep their
    /// default keys. `parley join --help` and the `?` screen list the action names.
    public var keys: [String: String] = [:]
    public var pushToTalk: PushToTalk = .off
    /// The room plain `parley` joins.
    public var defaultRoom = "lobby"

    public init() {}

    func problems() -> [String] {
        RoomName.problem(defaultRoom).map { ["terminal.default_room: \($0)"] } ?? []
    }
}

extension TerminalSettings: Codable {
    enum CodingKeys: String, CodingKey {
        case keys
        case pushToTalk = "push_to_talk"
        case defaultRoom = "default_room"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TerminalSettings()
        keys = try c.decodeIfPresent([String: String].self, forKey: .keys) ?? d.keys
        pushToTalk = try c.decodeIfPresent(PushToTalk.self, forKey: .pushToTalk) ?? d.pushToTalk
        defaultRoom = try c.decodeIfPresent(String.self, forKey: .defaultRoom) ?? d.defaultRoom
    }
}
