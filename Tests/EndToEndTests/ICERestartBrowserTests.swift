import Foundation
import ParleyAudio
import ParleySignaling
import Testing

/// ICE restarts between `parley bot` and Chromium, each side initiating once: the restart
/// offer is answered on the same RTCPeerConnection / PeerConnection (same DTLS association),
/// the ICE credentials change, and audio keeps flowing both ways.
extension BrowserClientTests {
    @Test("Chromium offered first; the bot restarts ICE mid-call; Chromium answers on the same connection and both keep hearing")
    func botRestartsICEWithBrowser() async throws {
        try await withServerAndBrowsers { server, driver in
            try await Self.restartScenario(server: server, driver: driver, botRestarts: true)
        }
    }

    @Test("the bot offered first; Chromium restarts ICE mid-call; the bot answers on the same connection and both keep hearing")
    func browserRestartsICEWithBot() async throws {
        try await withServerAndBrowsers { server, driver in
            try await Self.restartScenario(server: server, driver: driver, botRestarts: false)
        }
    }

    static func restartScenario(server: ParleyServerProcess, driver: ChromeDriver, botRestarts: Bool) async throws {
        let room = newRoom(botRestarts ? "bot-restarts" : "browser-restarts")
        let toneFile = FileManager.default.temporaryDirectory.appendingPathComponent("parley-tone-\(UUID().uuidString.prefix(8)).wav")
        defer { try? FileManager.default.removeItem(at: toneFile) }
        try writeTone(frequency: 1000, seconds: 20, to: toneFile.path)
        let page = ParleyPage(label: "chromium", session: try await driver.newSession(
            extraArguments: ["--use-file-for-fake-audio-capture=\(toneFile.path)"]))

        var botArguments = ["--tone", "440", "--duration", "12"]
        let bot: BotProcess
        if botRestarts {
            // Chromium is in the room first, so it offers; the bot answered and restarts anyway.
            try await page.open(server.pageURL(room: room))
            try await page.join(as: "chromium")
            _ = try await page.waitForOwnId()
            botArguments += ["--restart-ice-after", "4"]
            bot = try BotProcess(name: "bot", server: server, room: room, arguments: botArguments)
        } else {
            bot = try BotProcess(name: "bot", server: server, room: room, arguments: botArguments)
            try await Task.sleep(for: .milliseconds(500))
            try await page.open(server.pageURL(room: room))
            try await page.join(as: "chromium")
            _ = try await page.waitForOwnId()
        }

        do {
            let first = try await poll("Chromium connected to the bot and hearing it", timeout: .seconds(15)) { () async throws -> Probe<ParleyPage.Peer> in
                let stats = try await page.stats()
                let state = try await page.state()
                guard let peer = state.peers.first, let inbound = stats[peer.id] else { return .notYet("no peer yet") }
                return inbound.packetsReceived > 50 && peer.connectionState == "connected" && peer.remoteIceUfrag != nil
                    ? .done(peer) : .notYet("\(inbound.packetsReceived) packets, \(peer.connectionState ?? "-")")
            }
            if !botRestarts {
                let started = try await page.session.execute("return window.parley.restartIce(arguments[0]);", [.string(first.id)])
                #expect(started.boolValue == true)
            }
            // New credentials on both sides of Chromium's connection, which is connected again.
            let restarted = try await poll("the restart completed", timeout: .seconds(15)) { () async throws -> Probe<ParleyPage.Peer> in
                let state = try await page.state()
                guard let peer = state.peers.first(where: { $0.id == first.id }) else { return .notYet("the peer is gone") }
                return peer.remoteIceUfrag != first.remoteIceUfrag && peer.localIceUfrag != first.localIceUfrag
                    && peer.connectionState == "connected" && peer.signalingState == "stable"
                    ? .done(peer) : .notYet("ufrags \(peer.localIceUfrag ?? "-")/\(peer.remoteIceUfrag ?? "-"), \(peer.connectionState ?? "-")")
            }
            #expect(restarted.dtlsState == "connected")
            let state = try await page.state()
            #expect(state.closed.isEmpty, "Chromium closed a connection: \(state.closed)")
            #expect(state.errors.isEmpty, "the page showed errors: \(state.errors)")

            // Audio after the restart: the bot's packets keep arriving with energy.
            let before = try #require(try await page.stats()[first.id])
            try await Task.sleep(for: .seconds(1))
            let after = try #require(try await page.stats()[first.id])
            #expect(after.packetsReceived >= before.packetsReceived + 35,
                    "Chromium got \(after.packetsReceived - before.packetsReceived) packets in the second after the restart")
            #expect(after.totalAudioEnergy > before.totalAudioEnergy)
            try await bot.finish(within: .seconds(20))
        } catch {
            await bot.stop()
            throw TestFailure("\(error)\n--- bot log ---\n\(bot.log)")
        }

        // The bot's recording still holds Chromium's tone in its last seconds, after the restart.
        let recording = try bot.recording()
        let tail = Array(recording.suffix(48_000 * 2).prefix(48_000))
        let heard = DominantFrequency.estimate(tail)
        #expect(heard.map { abs($0 - 1000) / 1000 < 0.02 } == true,
                "after the restart the bot heard \(heard.map { "\($0) Hz" } ?? "silence"), expected 1000 Hz")
        // Neither side failed the connection on the way (Chromium kept its DTLS association and
        // RTCPeerConnection, checked above).
        let states = try bot.statsLines().filter { $0["type"]?.stringValue == "peer_state" }.compactMap { $0["connection_state"]?.stringValue }
        #expect(!states.contains("failed"), "the bot's connection states: \(states)")
    }
}
