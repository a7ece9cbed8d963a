import Foundation
import Testing

extension BrowserClientTests {
    @Test("The page shows the server's error for a malformed frame and stays in the room")
    func serverErrorIsShown() async throws {
        try await withServerAndBrowsers(Self.serverErrorIsShown)
    }

    static func serverErrorIsShown(server: ParleyServerProcess, driver: ChromeDriver) async throws {
        let page = ParleyPage(label: "solo", session: try await driver.newSession())
        try await page.open(server.pageURL(room: Self.newRoom("errors")))
        try await page.join(as: "solo")
        _ = try await page.waitForOwnId()
        #expect(try await page.state().errors.isEmpty)

        #expect(try await page.sendRaw("{not json"), "the page's socket was not open")
        let shown = try await poll("the error area shows Invalid JSON", timeout: .seconds(5)) { () async throws -> Probe<String> in
            let area = try await page.session.execute("""
                const area = document.getElementById('errors');
                return area.hidden ? null : area.textContent;
                """)
            guard let text = area.stringValue, text.contains("Invalid JSON") else {
                return .notYet("error area: \(area)")
            }
            return .done(text)
        }
        #expect(shown.contains("{not json"), "details missing from “\(shown)”")

        let state = try await page.state()
        #expect(state.phase == "joined" && state.socket == "open", "after the error: \(state.phase), socket \(state.socket)")
    }
}
