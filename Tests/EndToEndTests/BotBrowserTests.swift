import Foundation
import ParleyAudio
import Testing

extension BrowserClientTests {
    @Test("parley bot joins first and offers; Chromium answers; they hear each other")
    func botFirstThenBrowser() async throws {
        try await withServerAndBrowsers { server, driver in
            try await Self.botAndBrowser(server: server, driver: driver, botFirst: true)
        }
    }

    @Test("Chromium joins first and offers; parley bot answers; they hear each other")
    func browserFirstThenBot() async throws {
        try await withServerAndBrowsers { server, driver in
            try await Self.botAndBrowser(server: server, driver: driver, botFirst: false)
        }
    }

    /// Chromium sends a 1 kHz tone from a WAV file, the bot a 440 Hz tone.
    static func botAndBrowser(server: ParleyServerProcess, driver: ChromeDriver, botFirst: Bool) async throws {
        let room = newRoom(botFirst ? "bot-first" : "browser-first")
        let toneFile = FileManager.default.temporaryDirectory.appendingPathComponent("parley-tone-\(UUID().uuidString.prefix(8)).wav")
        defer { try? FileManager.default.removeItem(at: toneFile) }
        try writeTone(frequency: 1000, seconds: 10, to: toneFile.path)

        // Chromium takes seconds to start: have it ready before the bot's clock runs.
        let page = ParleyPage(label: "chromium", session: try await driver.newSession(
            extraArguments: ["--use-file-for-fake-audio-capture=\(toneFile.path)"]))
        var bot: BotProcess?
        if botFirst {
            bot = try BotProcess(name: "bot", server: server, room: room, arguments: ["--tone", "440", "--duration", "7"])
            try await Task.sleep(for: .milliseconds(500))
        }
        try await page.open(server.pageURL(room: room))
        try await page.join(as: "chromium")
        let pageID = try await page.waitForOwnId()
        if !botFirst {
            bot = try BotProcess(name: "bot", server: server, room: room, arguments: ["--tone", "440", "--duration", "7"])
        }
        let theBot = try #require(bot)
        do {
            try await poll("Chromium receives the bot's audio", timeout: .seconds(15)) { () async throws -> Probe<Void> in
                let stats = try await page.stats()
                guard let inbound = stats.values.first else { return .notYet("no peer connection in the page") }
                return inbound.packetsReceived > 50 && inbound.totalAudioEnergy > 0 && inbound.connectionState == "connected"
                    ? .done(()) : .notYet("\(inbound.packetsReceived) packets, energy \(inbound.totalAudioEnergy), \(inbound.connectionState ?? "-")")
            }
            let state = try await page.state()
            #expect(state.listed.contains { $0.name == "bot" && $0.state == "connected" }, "page lists \(state.listed)")
            try await theBot.finish(within: .seconds(20))
        } catch {
            await theBot.stop()
            throw TestFailure("\(error)\n--- bot log ---\n\(theBot.log)")
        }
        let heard = DominantFrequency.estimate(loudestSecond(of: try theBot.recording()))
        #expect(heard.map { abs($0 - 1000) / 1000 < 0.02 } == true,
                "the bot heard \(heard.map { "\($0) Hz" } ?? "silence") from Chromium, expected 1000 Hz")
        let peers = try theBot.statsLines().filter { $0["type"]?.stringValue == "peer_state" }
        #expect(peers.contains { $0["peer"]?.stringValue == pageID && $0["state"]?.stringValue == "connected" },
                "the bot never saw Chromium (\(pageID)) connected: \(peers)")
    }

    static func writeTone(frequency: Double, seconds: Double, to path: String) throws {
        let writer = try WAVWriter(path: path)
        var tone = ToneGenerator(frequency: frequency, amplitude: 0.4)
        for _ in 0..<Int(seconds * 50) { try writer.append(tone.nextFrame(sampleCount: 960)) }
        try writer.close()
    }
}
