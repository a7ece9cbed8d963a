import Foundation
import ParleyAudio
import Testing

extension BrowserClientTests {
    static func showsConnected(_ name: String, on screen: String) -> Bool {
        screen.split(separator: "\n").contains { line in line.contains(name) && line.contains("connected") }
    }

    /// Issue 5's scenario: plain `parley` in tmux, a bot and a browser join, mute and unmute,
    /// resize, leave.
    @Test("parley in tmux: lobby and link, bot and Chromium connect, m mutes for real, resize, q leaves")
    func terminalClientInTmux() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-tui-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tone = directory.appendingPathComponent("tone.wav")
        try Self.writeTone(frequency: 700, seconds: 4, to: tone.path)
        let port = try LocalPort.free()
        let binary = try ParleyServerProcess.locateBinary()
        let tmux = try await Tmux(
            width: 120, height: 40,
            command: [binary.path, "--port", String(port), "--name", "termuser", "--play", tone.path,
                      "--record", directory.appendingPathComponent("heard.wav").path,
                      "--candidate-address", "127.0.0.1", "--log-file", directory.appendingPathComponent("parley.log").path],
            environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"])

        do {
            try await Self.scenario(tmux: tmux, port: Int(port), directory: directory)
        } catch {
            let screen = (try? await tmux.capture()) ?? "(no screen)"
            await tmux.kill()
            throw TestFailure("\(error)\n--- last screen ---\n\(screen)\n--- parley log ---\n\((try? String(contentsOf: directory.appendingPathComponent("parley.log"), encoding: .utf8))?.suffix(3000) ?? "")")
        }
        await tmux.kill()
    }

    static func scenario(tmux: Tmux, port: Int, directory: URL) async throws {
        // The lobby, the mic state and the browser link.
        let link = "http://127.0.0.1:\(port)/#lobby"
        _ = try await tmux.waitForScreen("the lobby with the browser link") { screen in
            screen.contains("LIVE") && screen.contains("lobby") && screen.contains(link)
        }

        let bot = try BotProcess(name: "botty", port: port, room: "lobby", arguments: ["--tone", "440", "--duration", "40"])
        defer { Task { await bot.stop() } }
        try await ChromeDriver.with { driver in
            try await Self.browserAndBot(tmux: tmux, driver: driver, port: port)
        }
        try await tmux.send("q")
        _ = try await tmux.waitForScreen("parley exits and restores the terminal") { $0.contains("EXITED 0") }
        let heard = DominantFrequency.estimate(loudestSecond(of: try WAVFile(contentsOfFile: directory.appendingPathComponent("heard.wav").path).samples))
        #expect(heard != nil, "the terminal recorded nothing")
    }

    static func browserAndBot(tmux: Tmux, driver: ChromeDriver, port: Int) async throws {
        let page = ParleyPage(label: "chromium", session: try await driver.newSession())
        try await page.open(try #require(URL(string: "http://127.0.0.1:\(port)/?raw=1#lobby")))
        try await page.join(as: "webby")
        _ = try await page.waitForOwnId()

        _ = try await tmux.waitForScreen("bot and browser connected on the terminal") { screen in
            Self.showsConnected("botty", on: screen) && Self.showsConnected("webby", on: screen)
        }

        let termID = try await poll("the browser lists the terminal user", timeout: .seconds(10)) { () async throws -> Probe<String> in
            let state = try await page.state()
            guard let row = state.listed.first(where: { $0.name == "termuser" }) else { return .notYet("listed \(state.listed)") }
            return row.state == "connected" ? .done(row.id) : .notYet("termuser is \(row.state)")
        }
        let energy = { () async throws -> Double in try await page.stats()[termID]?.totalAudioEnergy ?? 0 }
        try await Task.sleep(for: .seconds(1))
        let live0 = try await energy()
        try await Task.sleep(for: .seconds(1.5))
        let liveGrowth = try await energy() - live0
        #expect(liveGrowth > 0, "the browser hears nothing from the terminal while LIVE")

        try await tmux.send("m")
        _ = try await tmux.waitForScreen("MUTED in the header") { $0.contains("MUTED") }
        try await Task.sleep(for: .seconds(1))
        let muted0 = try await energy()
        try await Task.sleep(for: .seconds(1.5))
        let mutedGrowth = try await energy() - muted0
        #expect(mutedGrowth < liveGrowth * 0.05, "muted, the browser's energy still grew \(mutedGrowth) (live: \(liveGrowth))")

        try await tmux.send("m")
        _ = try await tmux.waitForScreen("LIVE again") { $0.contains("LIVE") && !$0.contains("MUTED") }
        try await Task.sleep(for: .seconds(1))
        let again0 = try await energy()
        try await Task.sleep(for: .seconds(1.5))
        #expect(try await energy() - again0 > liveGrowth * 0.5, "unmuted, the browser does not hear the terminal again")

        // Smaller terminal: the screen is redrawn whole, nothing garbled.
        try await tmux.resize(width: 80, height: 24)
        let small = try await tmux.waitForScreen("the 80×24 screen") { screen in
            screen.contains("LIVE") && screen.contains("botty") && screen.contains("webby")
        }
        let lines = small.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 }, "a line wider than 80 columns:\n\(small)")

        // The other keys of the `?` screen, on the selected (first) peer and the mic.
        try await tmux.send("?")
        _ = try await tmux.waitForScreen("the help screen") { $0.contains("Keys") && $0.contains("deafen") }
        try await tmux.send("Escape")
        try await tmux.send("d")
        _ = try await tmux.waitForScreen("DEAFENED") { $0.contains("DEAFENED") }
        try await tmux.send("d")
        _ = try await tmux.waitForScreen("LIVE after undeafen") { $0.contains("LIVE") && !$0.contains("DEAFENED") }
        try await tmux.send("+")
        _ = try await tmux.waitForScreen("a peer's volume at 110 %") { $0.contains("110%") }
        try await tmux.send("x")
        _ = try await tmux.waitForScreen("a peer muted locally") { screen in
            screen.split(separator: "\n").contains { $0.contains("mute") && ($0.contains("botty") || $0.contains("webby")) }
        }
        try await tmux.send("r")
        _ = try await tmux.waitForScreen("the rooms list with the lobby") { screen in
            screen.contains("Rooms") && screen.split(separator: "\n").contains { $0.contains("lobby") && $0.contains("3") }
        }
        try await tmux.send("Escape")
        _ = try await tmux.waitForScreen("back in the call") { $0.contains("LIVE") && $0.contains("botty") }

        // c restarts ICE with both peers: the event log says so, both come back connected, and
        // the browser keeps hearing the terminal on the same connection.
        try await tmux.send("c")
        _ = try await tmux.waitForScreen("both peers reconnected after c") { screen in
            screen.contains("ICE restart") && Self.showsConnected("botty", on: screen) && Self.showsConnected("webby", on: screen)
        }
        try await Task.sleep(for: .seconds(1))
        let restarted0 = try await energy()
        try await Task.sleep(for: .seconds(1.5))
        #expect(try await energy() - restarted0 > liveGrowth * 0.5, "after c the browser does not hear the terminal")
        #expect(try await page.state().closed.isEmpty, "the browser replaced its connection instead of restarting ICE")

        // q asks, y leaves: the browser sees the terminal go.
        try await tmux.send("q")
        _ = try await tmux.waitForScreen("the leave question") { $0.contains("Leave the call?") }
        try await tmux.send("y")
        try await poll("the browser sees termuser leave", timeout: .seconds(10)) { () async throws -> Probe<Void> in
            let state = try await page.state()
            return state.listed.contains { $0.id == termID } ? .notYet("still listed") : .done(())
        }
        }
}
