import ArgumentParser
import Logging
import ParleyApp
import ParleyClient

/// Plain `parley`: a server of your own on this machine, and you in its lobby.
struct Local: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local",
        abstract: "Start a server on 127.0.0.1:8042 (or the next free port), join its lobby, and show the browser link. What plain `parley` does."
    )

    @Option(help: "Room to join (default: terminal.default_room of the config, else lobby).")
    var room: String?

    @Option(help: "First port to try for the embedded server.")
    var port: Int?

    @OptionGroup var client: TerminalClientOptions

    func run() async throws {
        var configuration = try client.loadConfiguration()
        try client.bootstrapLogging()
        configuration.server.host = "127.0.0.1"
        if let port { configuration.server.port = port }
        // The embedded server must not log onto the screen: it logs where the client logs.
        let server: EmbeddedServer
        do {
            server = try await EmbeddedServer.start(configuration: configuration, logger: Logger(label: "parley.server"))
        } catch {
            throw CommandFailure("\(error)")
        }
        let url = SignalingURL(host: "127.0.0.1", port: server.port, room: room ?? configuration.terminal.defaultRoom,
                               name: client.displayName)
        do {
            try await client.runSession(url: url, configuration: configuration, showsBrowserLink: true)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
