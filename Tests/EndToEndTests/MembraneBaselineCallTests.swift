import Foundation
import Testing

extension BrowserClientTests {
    /// Against a server that sends only what membrane 0.1.2 sends (no metadata, no peer list,
    /// no /api/config), the page still connects and the two browsers hear each other.
    @Test("Two browsers hear each other through a membrane-baseline server")
    func membraneBaselineCall() async throws {
        try await withServerAndBrowsers(serverArguments: ["--membrane-baseline"]) { server, driver in
            let room = Self.newRoom("membrane")
            var pages: [ParleyPage] = []
            var ids: [String] = []
            for name in ["ann", "ben"] {
                let page = ParleyPage(label: name, session: try await driver.newSession())
                try await page.open(server.pageURL(room: room))
                try await page.join(as: name)
                ids.append(try await page.waitForOwnId())
                pages.append(page)
            }
            try await poll("both browsers receive the other's beep", timeout: .seconds(20)) {
                var missing: [String] = []
                for (index, page) in pages.enumerated() {
                    let inbound = try await page.stats()[ids[1 - index]]
                    if !((inbound?.packetsReceived ?? 0) > 0 && (inbound?.totalAudioEnergy ?? 0) > 0) {
                        missing.append("\(page.label): \(Int(inbound?.packetsReceived ?? 0)) packets, \(inbound?.connectionState ?? "no pc")")
                    }
                }
                return missing.isEmpty ? .done(()) : .notYet(missing.joined(separator: "; "))
            }
            let errors = try await pages[0].state().errors
            #expect(errors.isEmpty, "the page showed errors: \(errors)")
        }
    }
}
