import Foundation
import Testing

extension BrowserClientTests {
    @Test("Three browsers hear each other, then two see the third leave")
    func threeBrowsersHearEachOther() async throws {
        try await withServerAndBrowsers(Self.threeBrowsersHearEachOther)
    }

    static func threeBrowsersHearEachOther(server: ParleyServerProcess, driver: ChromeDriver) async throws {
        let room = Self.newRoom("call")
        let names = ["alice", "bob", "carol"]
        var pages: [ParleyPage] = []
        var ids: [String] = []
        // One after another: alice offers to bob, then alice and bob offer to carol,
        // so every page plays the offerer, the answerer, or both.
        for name in names {
            let page = ParleyPage(label: name, session: try await driver.newSession())
            try await page.open(server.pageURL(room: room))
            try await page.join(as: name)
            ids.append(try await page.waitForOwnId())
            pages.append(page)
        }
        #expect(Set(ids).count == 3, "peer ids \(ids)")

        try await poll("every browser receives the beep from both others", timeout: .seconds(20)) {
            var missing: [String] = []
            for (index, page) in pages.enumerated() {
                let stats = try await page.stats()
                for (other, otherId) in ids.enumerated() where other != index {
                    let link = "\(page.label)←\(names[other])"
                    guard let inbound = stats[otherId] else {
                        missing.append("\(link): no peer connection")
                        continue
                    }
                    if !(inbound.packetsReceived > 0 && inbound.totalAudioEnergy > 0) {
                        missing.append("\(link): \(Int(inbound.packetsReceived)) packets, energy \(inbound.totalAudioEnergy), \(inbound.connectionState ?? "no pc")")
                    }
                }
            }
            return missing.isEmpty ? .done(()) : .notYet(missing.joined(separator: "; "))
        }

        // The names travel as metadata (the `name` query parameter) and show in each list.
        for (index, page) in pages.enumerated() {
            let state = try await page.state()
            for (other, otherId) in ids.enumerated() where other != index {
                let row = state.listed.first { $0.id == otherId }
                #expect(row?.name == names[other], "\(page.label) lists \(names[other]) as \(row?.name ?? "nothing")")
                #expect(row?.state == "connected", "\(page.label) shows \(names[other]) as \(row?.state ?? "nothing")")
            }
        }

        let leaver = pages[2]
        let leaverId = ids[2]
        try await leaver.clickLeave()
        for page in pages[0..<2] {
            try await poll("\(page.label) sees carol leave", timeout: .seconds(5)) { () async throws -> Probe<Void> in
                let state = try await page.state()
                if state.peers.contains(where: { $0.id == leaverId }) {
                    return .notYet("carol still among the peer connections")
                }
                if state.listed.contains(where: { $0.id == leaverId }) {
                    return .notYet("carol still listed on the page")
                }
                guard let closed = state.closed.first(where: { $0.id == leaverId }) else {
                    return .notYet("no closed connection recorded for carol")
                }
                guard closed.connectionState == "closed" else {
                    return .notYet("connection to carol is \(closed.connectionState ?? "missing"), not closed")
                }
                return .done(())
            }
        }

        let after = try await leaver.state()
        #expect(after.phase == "idle")
        #expect(after.peers.isEmpty && after.listed.isEmpty, "carol still shows \(after.listed.map(\.name))")

        // The two who stayed still hear each other.
        let before = try await pages[0].stats()[ids[1]]?.packetsReceived ?? 0
        try await poll("alice keeps receiving from bob", timeout: .seconds(5)) {
            let inbound = try await pages[0].stats()[ids[1]]
            let now = inbound?.packetsReceived ?? 0
            return now > before && inbound?.connectionState == "connected"
                ? .done(()) : .notYet("\(now) packets (was \(before)), \(inbound?.connectionState ?? "no pc")")
        }
    }
}
