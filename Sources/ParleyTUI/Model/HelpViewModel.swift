/// The help screen: every key, grouped by where it works, built from the bindings in force.
public struct HelpViewModel: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var keys: String
        public var text: String
    }

    public struct Section: Sendable, Equatable {
        public var title: String
        public var entries: [Entry]
    }

    public var sections: [Section]
    /// Sentences under the key list (how push-to-talk behaves, how to quit).
    public var notes: [String]

    public init(sections: [Section], notes: [String]) {
        self.sections = sections
        self.notes = notes
    }

    public init(bindings: KeyBindings, pushToTalk: PushToTalkMode?) {
        func entry(_ actions: [UIAction], _ text: String? = nil) -> Entry? {
            let keys = actions.flatMap { bindings.keys(for: $0) }
            guard !keys.isEmpty, let first = actions.first else { return nil }
            return Entry(keys: keys.map(\.displayName).joined(separator: " "), text: text ?? first.helpText)
        }
        var call: [Entry?] = [entry([.toggleMute]), entry([.toggleDeafen])]
        if pushToTalk != nil {
            call.append(entry([.pushToTalk]))
        }
        call += [
            entry([.selectPrevious]), entry([.selectNext]), entry([.volumeUp]), entry([.volumeDown]),
            entry([.toggleLocalMute]), entry([.reconnect]), entry([.showRooms]), entry([.showHelp]), entry([.leave]), entry([.redraw]),
        ]
        let rooms: [Entry?] = [
            entry([.enter]), entry([.newRoom]), entry([.selectPrevious, .selectNext], "select a room"),
            entry([.back]),
        ]
        let questions: [Entry?] = [entry([.confirmYes]), entry([.confirmNo])]
        sections = [
            Section(title: "In a call", entries: call.compactMap { $0 }),
            Section(title: "Rooms list", entries: rooms.compactMap { $0 }),
            Section(title: "Questions", entries: questions.compactMap { $0 }),
        ]
        var notes: [String] = []
        let pttKey = bindings.keys(for: .pushToTalk).first?.displayName ?? "the push-to-talk key"
        switch pushToTalk {
        case .latch:
            notes.append("Push-to-talk: \(pttKey) opens the microphone; press it again to close it.")
        case .hold(_, let closeAfter):
            let ms = closeAfter.components.seconds * 1000 + closeAfter.components.attoseconds / 1_000_000_000_000_000
            notes.append("Push-to-talk: hold \(pttKey); the microphone closes about \(ms) ms after the key stops repeating.")
        case nil:
            break
        }
        notes.append("Ctrl-C quits Parley.")
        self.notes = notes
    }
}
