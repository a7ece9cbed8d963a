import Foundation
import ParleyAudio
import ParleySignaling
import Testing

/// `parley bot` processes in a room of the real `parley serve`, over real UDP on loopback.
@Suite("parley bot calls", .serialized, .timeLimit(.minutes(3)))
struct BotCallTests {
    @Test("Two bots hear each other's tone through parley serve")
    func twoBotsHearEachOther() async throws {
        try await ParleyServerProcess.with { server in
            try await Self.twoBots(server: server, room: "bots-\(UUID().uuidString.prefix(6).lowercased())")
        }
    }

    @Test("Two bots hear each other through a membrane-baseline server (no Parley additions)")
    func twoBotsThroughBaselineServer() async throws {
        try await ParleyServerProcess.with(arguments: ["--membrane-baseline"]) { server in
            try await Self.twoBots(server: server, room: "baseline-\(UUID().uuidString.prefix(6).lowercased())")
        }
    }

    static func twoBots(server: ParleyServerProcess, room: String) async throws {
        // The first one in offers to the second (it gets `joined`); both roles are exercised.
        let first = try BotProcess(name: "low", server: server, room: room, arguments: ["--tone", "440", "--duration", "5"])
        try await Task.sleep(for: .milliseconds(500))
        let second = try BotProcess(name: "high", server: server, room: room, arguments: ["--tone", "660", "--duration", "4"])
        do {
            try await second.finish(within: .seconds(20))
            try await first.finish(within: .seconds(20))
        } catch {
            await first.stop()
            await second.stop()
            throw error
        }
        for (bot, expected) in [(first, 660.0), (second, 440.0)] {
            let loudest = loudestSecond(of: try bot.recording())
            let heard = DominantFrequency.estimate(loudest)
            #expect(heard.map { abs($0 - expected) / expected < 0.02 } == true,
                    "\(bot.name) heard \(heard.map { "\($0) Hz" } ?? "silence"), expected \(expected) Hz:\n\(bot.log)")
            let level = AudioLevel(loudest)
            #expect(level.rms > -30, "\(bot.name) recorded the tone at \(level.rms) dBFS")

            let lines = try bot.statsLines()
            #expect(lines.contains { $0["type"]?.stringValue == "peer_state" && $0["state"]?.stringValue == "connected" },
                    "\(bot.name) never logged a connected peer")
            let stats = lines.filter { $0["type"]?.stringValue == "stats" }
            let received = stats.compactMap { $0["packets_received"]?.doubleValue }.max() ?? 0
            // About 50 packets a second for at least two seconds of overlap.
            #expect(received > 100, "\(bot.name) received \(received) packets")
            #expect(stats.allSatisfy { $0["srtp_auth_failures"]?.doubleValue == 0 })
        }
    }

    @Test("A bot refused by the server exits with a clear message")
    func refusedBotSaysWhy() async throws {
        try await ParleyServerProcess.with { server in
            // Not a room path: the server answers 400 before the upgrade.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bot-refused-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let process = try ChildProcess(
                name: "refused", executable: try ParleyServerProcess.locateBinary(),
                arguments: ["bot", "ws://127.0.0.1:\(server.baseURL.port ?? 0)/webrtc/%00bad", "--duration", "5"],
                logDirectory: directory)
            let code = await process.exitCode(within: .seconds(10))
            #expect(code != nil && code != 0, "exit code \(String(describing: code))")
            #expect(process.logTail().contains("refused"), "log: \(process.logTail())")
        }
    }
}
