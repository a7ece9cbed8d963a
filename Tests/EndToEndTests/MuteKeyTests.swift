import Foundation
import Testing

extension BrowserClientTests {
    @Test("The m key toggles mute, except while typing in a field")
    func muteKey() async throws {
        try await withServerAndBrowsers(Self.muteKey)
    }

    static func muteKey(server: ParleyServerProcess, driver: ChromeDriver) async throws {
        let page = ParleyPage(label: "muter", session: try await driver.newSession())
        try await page.open(server.pageURL(room: Self.newRoom("mute")))
        try await page.join(as: "muter")
        _ = try await page.waitForOwnId()
        let trackEnabled = "return window.parley.state().microphoneEnabled;"
        let muteButton = "return document.getElementById('mute-button').getAttribute('aria-pressed');"
        #expect(try await page.state().muted == false)
        #expect(try await page.session.execute(trackEnabled).boolValue == true)

        _ = try await page.session.execute("document.activeElement?.blur(); return true;")
        try await page.session.press(key: "m")
        #expect(try await page.state().muted == true)
        #expect(try await page.session.execute(trackEnabled).boolValue == false)
        #expect(try await page.session.execute(muteButton).stringValue == "true")

        // A name with an "m" typed into a field must not unmute.
        try await page.session.click(css: "details summary")
        try await page.session.click(css: "#token-input")
        try await page.session.press(key: "m")
        #expect(try await page.state().muted == true, "typing m into a field toggled mute")

        _ = try await page.session.execute("document.activeElement?.blur(); return true;")
        try await page.session.press(key: "m")
        #expect(try await page.session.execute(trackEnabled).boolValue == true)
        #expect(try await page.session.execute(muteButton).stringValue == "false")
    }
}
