import Foundation
import Testing

extension BrowserClientTests {
    @Test("Without a microphone a page still joins and listens, as answerer and as offerer")
    func listenOnlyWithoutMicrophone() async throws {
        try await withServerAndBrowsers(Self.listenOnlyWithoutMicrophone)
    }

    static func listenOnlyWithoutMicrophone(server: ParleyServerProcess, driver: ChromeDriver) async throws {
        let room = Self.newRoom("listen")
        // Refuse the microphone the way a browser does when the user says no.
        let refuseMicrophone = """
            navigator.mediaDevices.getUserMedia = () =>
                Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
            return true;
            """
        let speaker = ParleyPage(label: "speaker", session: try await driver.newSession())
        try await speaker.open(server.pageURL(room: room))
        try await speaker.join(as: "speaker")
        let speakerId = try await speaker.waitForOwnId()

        var listeners: [ParleyPage] = []
        var listenerIds: [String] = []
        for label in ["listener1", "listener2"] {
            let page = ParleyPage(label: label, session: try await driver.newSession())
            try await page.open(server.pageURL(room: room))
            _ = try await page.session.execute(refuseMicrophone)
            try await page.join(as: label)
            listenerIds.append(try await page.waitForOwnId())
            listeners.append(page)
        }

        for (index, page) in listeners.enumerated() {
            let state = try await page.state()
            #expect(!state.microphone, "\(page.label) has a microphone after all")
            #expect(state.errors.contains { $0.contains("Microphone unavailable") && $0.contains("refused") },
                    "\(page.label) shows errors \(state.errors)")
            try await poll("\(page.label) hears the speaker", timeout: .seconds(20)) {
                let inbound = try await page.stats()[speakerId]
                if let inbound, inbound.packetsReceived > 0, inbound.totalAudioEnergy > 0 { return .done(()) }
                return .notYet("\(inbound.map { "\(Int($0.packetsReceived)) packets, energy \($0.totalAudioEnergy), \($0.connectionState ?? "no pc")" } ?? "no peer connection")")
            }
            // listener1 offered to listener2 without a track: the connection still comes up.
            let other = listenerIds[1 - index]
            try await poll("\(page.label) connects to the other listener", timeout: .seconds(20)) {
                let peer = try await page.state().peers.first { $0.id == other }
                return peer?.connectionState == "connected" ? .done(()) : .notYet(peer?.connectionState ?? "no peer connection")
            }
        }

        // The speaker gets no audio from people without a microphone.
        let fromListeners = try await speaker.stats()
        for id in listenerIds {
            #expect(fromListeners[id]?.connectionState == "connected")
            #expect((fromListeners[id]?.totalAudioEnergy ?? 0) == 0, "energy from a listener: \(fromListeners[id].map { "\($0.totalAudioEnergy)" } ?? "none")")
        }
    }
}
