import Foundation
import ParleySignaling
import Testing

/// `membrane_baseline` makes the server send exactly what membrane 0.1.2 sends, so clients can
/// be tested against a server without Parley's additions.
@Suite("membrane baseline mode")
struct MembraneBaselineModeTests {
    @Test("no from_metadata, no room or peers, no metadata in joined, no /api/config")
    func baselineOnly() async throws {
        try await TestServer.with({ $0.server.membraneBaseline = true }) { port in
            let (alice, aliceID) = try await TestPeer.join(port: port, room: "plain", name: "alice")
            let bob = try await TestPeer.connect(port: port, path: "/webrtc/plain?name=bob")
            let auth = try await bob.nextJSON()
            #expect(Set(auth.keys) == ["data", "event", "from", "to"])
            let bobID = try #require(auth["data"]?["peer_id"]?.stringValue)
            #expect(auth["data"] == ["peer_id": .string(bobID)])
            let joined = try await alice.nextJSON()
            #expect(Set(joined.keys) == ["data", "event", "from", "to"])
            #expect(joined["data"] == ["peer_id": .string(bobID)])
            alice.send(ClientMessage(event: "offer", data: ["type": "offer", "sdp": "x"], to: .peers([bobID])))
            let offer = try await bob.nextJSON()
            #expect(Set(offer.keys) == ["data", "event", "from", "to"])
            #expect(offer["from"] == .string(aliceID))
            alice.send("{")
            #expect(Set(try await alice.nextJSON().keys) == ["data", "event", "from", "to"])
            bob.close()
            let left = try await alice.nextJSON()
            #expect(Set(left.keys) == ["data", "event", "from", "to"])
            #expect(try await RawHTTP.get(port: port, path: "/api/config").status == 404)
            alice.close()
        }
    }
}
