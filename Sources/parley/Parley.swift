import ArgumentParser

@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Voice conferences in the terminal, with browsers in the same room.",
        discussion: """
            `parley serve` runs the signaling server and serves the browser client. \
            See README.md for the configuration file and the other commands.
            """,
        version: "0.1.0",
        subcommands: [Serve.self, Bot.self, Bench.self]
    )
}
