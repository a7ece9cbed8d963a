import ArgumentParser

@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Voice conferences in the terminal, with browsers in the same room.",
        discussion: """
            With no subcommand, `parley` starts a server on this machine, joins its lobby in the \
            terminal and prints the link a browser opens to join you (`parley local`). \
            `parley serve` runs the signaling server alone; `parley join URL` joins any room. \
            See README.md for the configuration file.
            """,
        version: "0.1.0",
        subcommands: [Local.self, Join.self, Serve.self, Rooms.self, Bot.self, Devices.self, Bench.self],
        defaultSubcommand: Local.self
    )
}
