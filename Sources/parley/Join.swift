import ArgumentParser
import ParleyClient

struct Join: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join a room of any Parley or membrane server in the terminal screen.",
        discussion: "Keys: m mute, d deafen, ↑/↓ or k/j select, +/- volume, x mute one peer, r rooms, ? help, q leave."
    )

    @Argument(help: "The room's WebSocket URL, e.g. ws://127.0.0.1:8042/webrtc/lobby (a browser link http://…/#room works too).")
    var url: String

    @OptionGroup var client: TerminalClientOptions

    func run() async throws {
        let configuration = try client.loadConfiguration()
        try client.bootstrapLogging()
        var room: SignalingURL
        do {
            room = try SignalingURL(parsing: url)
        } catch {
            throw CommandFailure(error.description)
        }
        room.name = client.name ?? room.name ?? client.displayName
        try await client.runSession(url: room, configuration: configuration, showsBrowserLink: false)
    }
}
