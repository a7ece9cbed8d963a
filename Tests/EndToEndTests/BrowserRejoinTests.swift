import Foundation
import Testing

/// The page rejoins by itself when its signaling connection drops.
extension BrowserClientTests {
    @Test("After the server restarts, the page rejoins the room by itself and calls a bot that joins")
    func pageRejoinsAfterServerRestart() async throws {
        let port = try LocalPort.free()
        let room = Self.newRoom("rejoin")
        try await ChromeDriver.with { driver in
            let first = try await ParleyServerProcess.start(port: port)
            let page = ParleyPage(label: "chromium", session: try await driver.newSession())
            do {
                try await page.open(first.pageURL(room: room))
                try await page.join(as: "chromium")
                let firstID = try await page.waitForOwnId()
                _ = await first.terminate(signal: SIGTERM)
                try await poll("the page says it reconnects", timeout: .seconds(10)) { () async throws -> Probe<Void> in
                    let state = try await page.state()
                    return state.status.contains("reconnecting") ? .done(()) : .notYet("status “\(state.status)”")
                }

                try await ParleyServerProcess.with(port: port) { _ in
                    let secondID = try await poll("the page is back in the room", timeout: .seconds(20)) { () async throws -> Probe<String> in
                        let state = try await page.state()
                        guard state.phase == "joined", let id = state.selfId, id != firstID else {
                            return .notYet("phase \(state.phase), id \(state.selfId ?? "-"), status “\(state.status)”")
                        }
                        return .done(id)
                    }
                    #expect(secondID != firstID)
                    let bot = try BotProcess(name: "bot", port: Int(port), room: room, arguments: ["--tone", "440", "--duration", "5"])
                    do {
                        try await poll("the page hears the bot", timeout: .seconds(15)) { () async throws -> Probe<Void> in
                            let inbound = try await page.stats().values.first
                            return (inbound?.packetsReceived ?? 0) > 20 && (inbound?.totalAudioEnergy ?? 0) > 0
                                ? .done(()) : .notYet("\(inbound?.packetsReceived ?? 0) packets")
                        }
                        try await bot.finish(within: .seconds(20))
                    } catch {
                        await bot.stop()
                        throw TestFailure("\(error)\n--- bot log ---\n\(bot.log)")
                    }
                }
            } catch {
                await first.stopIgnoringCancellation()
                throw error
            }
            await first.stopIgnoringCancellation()
        }
    }
}
