import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print numbers (README's Performance section comes from these).",
        subcommands: [SignalingBench.self, CallBench.self, LatencyBench.self, QualityBench.self]
    )
}
