import Foundation
import ParleySignaling

/// The Parley web client in one browser, driven through its UI and read through `window.parley`.
struct ParleyPage: Sendable {
    let label: String
    let session: BrowserSession

    struct Peer: Decodable, Sendable {
        let id: String
        let name: String?
        let connectionState: String?
        let iceConnectionState: String?
        let signalingState: String?
        let dtlsState: String?
        let localIceUfrag: String?
        let remoteIceUfrag: String?
    }

    struct ListedPeer: Decodable, Sendable {
        let id: String
        let name: String
        let state: String
        let speaking: Bool
    }

    struct ClosedPeer: Decodable, Sendable {
        let id: String
        let connectionState: String?
    }

    /// `window.parley.state()`.
    struct State: Decodable, Sendable {
        let phase: String
        let socket: String
        let selfId: String?
        let microphone: Bool
        let muted: Bool
        let selfLevel: Double
        let peers: [Peer]
        let listed: [ListedPeer]
        let closed: [ClosedPeer]
        let errors: [String]
        let status: String
    }

    /// One remote peer's row of `window.parley.stats()` (inbound-rtp, kind audio).
    struct Inbound: Decodable, Sendable {
        let packetsReceived: Double
        let totalAudioEnergy: Double
        let audioLevel: Double
        let connectionState: String?
    }

    func open(_ url: URL) async throws {
        try await session.navigate(to: url)
        _ = try await poll("\(label): window.parley defined", timeout: .seconds(10)) {
            let ready = try await session.execute("return typeof window.parley === 'object';")
            return ready.boolValue == true ? .done(()) : .notYet("no window.parley yet")
        }
    }

    /// Types the name into the form and presses Join, like a person would.
    func join(as name: String) async throws {
        try await session.type(name, into: "#name-input")
        try await session.click(css: "#join-button")
    }

    func clickLeave() async throws {
        try await session.click(css: "#leave-button")
    }

    func state() async throws -> State {
        try decode(State.self, from: try await session.execute("return window.parley.state();"))
    }

    func stats() async throws -> [String: Inbound] {
        try decode([String: Inbound].self, from: try await session.execute("return window.parley.stats();"))
    }

    /// Sends `text` as-is through the page's signaling socket.
    func sendRaw(_ text: String) async throws -> Bool {
        try await session.execute("return window.parley.sendRaw(arguments[0]);", [.string(text)]).boolValue == true
    }

    /// Waits until the server has given this page its peer id.
    func waitForOwnId(timeout: Duration = .seconds(10)) async throws -> String {
        try await poll("\(label) joined", timeout: timeout) {
            let state = try await state()
            if let id = state.selfId, state.phase == "joined" { return .done(id) }
            return .notYet("phase \(state.phase), socket \(state.socket), status “\(state.status)”, errors \(state.errors)")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: try JSONEncoder().encode(value))
        } catch {
            throw WebDriverError(description: "\(label): unexpected \(type) from the page: \(value) (\(error))")
        }
    }
}
