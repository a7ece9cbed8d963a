import Foundation
import ParleySignaling
import Testing

/// PROTOCOL.md "Baseline": the membrane_webrtc_server 0.1.2 behaviour old clients rely on.
@Suite("membrane 0.1.2 baseline over real WebSockets")
struct MembraneBaselineTests {
    static let envelopeKeys: Set<String> = ["data", "event", "from", "to", "from_metadata"]

    static func isLowercaseUUIDv4(_ id: String) -> Bool {
        id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil
    }

    @Test("authenticated is the first frame, addressed to the newcomer alone")
    func authenticatedFirst() async throws {
        try await TestServer.with { port in
            let peer = try await TestPeer.connect(port: port, path: "/webrtc/lobby")
            let message = try await peer.nextJSON()
            #expect(Set(message.keys) == Self.envelopeKeys)
            #expect(message["event"] == "authenticated")
            #expect(message["from"] == .null)
            let id = try #require(message["data"]?["peer_id"]?.stringValue)
            #expect(Self.isLowercaseUUIDv4(id))
            #expect(message["to"] == .array([.string(id)]))
            peer.close()
        }
    }

    @Test("joined goes to present peers only, never the newcomer")
    func joinedToPresentPeers() async throws {
        try await TestServer.with { port in
            let (alice, _) = try await TestPeer.join(port: port, room: "r1", name: "alice")
            let (bob, bobID) = try await TestPeer.join(port: port, room: "r1", name: "bob")
            let joined = try await alice.nextJSON()
            #expect(Set(joined.keys) == Self.envelopeKeys)
            #expect(joined["event"] == "joined")
            #expect(joined["data"]?["peer_id"] == .string(bobID))
            #expect(joined["from"] == .string(bobID))
            #expect(joined["to"] == "all")
            try await bob.expectSilence()
            alice.close()
            bob.close()
        }
    }

    @Test("relay keeps event, data and to as written and sets from; spoofed from and extra keys are dropped")
    func relayRewritesFrom() async throws {
        try await TestServer.with { port in
            let (alice, aliceID) = try await TestPeer.join(port: port, room: "r2")
            let (bob, bobID) = try await TestPeer.join(port: port, room: "r2")
            _ = try await alice.next(event: "joined")
            let offer: JSONValue = ["type": "offer", "sdp": "v=0\r\n"]
            alice.send(#"{"event":"offer","to":["\#(bobID)"],"data":{"type":"offer","sdp":"v=0\r\n"},"from":"\#(bobID)","evil":1}"#)
            let relayed = try await bob.nextJSON()
            #expect(Set(relayed.keys) == Self.envelopeKeys)
            #expect(relayed["event"] == "offer")
            #expect(relayed["data"] == offer)
            #expect(relayed["from"] == .string(aliceID))
            #expect(relayed["to"] == .array([.string(bobID)]))
            try await alice.expectSilence()
            alice.close()
            bob.close()
        }
    }

    @Test("to:\"all\" reaches everyone but the sender; to:[] is a no-op; your own id echoes back")
    func addressing() async throws {
        try await TestServer.with { port in
            let (a, aID) = try await TestPeer.join(port: port, room: "r3")
            let (b, _) = try await TestPeer.join(port: port, room: "r3")
            let (c, _) = try await TestPeer.join(port: port, room: "r3")
            _ = try await a.next(event: "joined")
            _ = try await a.next(event: "joined")
            _ = try await b.next(event: "joined")

            a.send(ClientMessage(event: "hello", data: 1, to: .all))
            #expect(try await b.nextJSON()["event"] == "hello")
            #expect(try await c.nextJSON()["event"] == "hello")
            try await a.expectSilence()

            a.send(ClientMessage(event: "nobody", data: .null, to: .peers([])))
            try await a.expectSilence()
            try await b.expectSilence(for: .milliseconds(50))

            a.send(ClientMessage(event: "echo", data: "me", to: .peers([aID])))
            let echo = try await a.nextJSON()
            #expect(echo["event"] == "echo")
            #expect(echo["from"] == .string(aID))
            for p in [a, b, c] { p.close() }
        }
    }

    @Test("left reaches every remaining peer when a connection ends")
    func leftOnClose() async throws {
        try await TestServer.with { port in
            let (a, _) = try await TestPeer.join(port: port, room: "r4")
            let (b, bID) = try await TestPeer.join(port: port, room: "r4")
            let (c, _) = try await TestPeer.join(port: port, room: "r4")
            _ = try await a.next(event: "joined")
            b.close()
            for p in [a, c] {
                let left = try await p.next(event: "left")
                #expect(Set(left.keys) == Self.envelopeKeys)
                #expect(left["data"] == ["peer_id": .string(bID)])
                #expect(left["from"] == .null)
                #expect(left["to"] == "all")
            }
            a.close()
            c.close()
        }
    }

    @Test("a text frame of exactly ping is answered with the raw text pong")
    func pingPong() async throws {
        try await TestServer.with { port in
            let (a, _) = try await TestPeer.join(port: port, room: "r5")
            a.send("ping")
            #expect(try await a.next() == .text("pong"))
            a.close()
        }
    }

    @Test("the room segment is percent-decoded and a trailing slash is the same room")
    func roomPath() async throws {
        try await TestServer.with { port in
            let a = try await TestPeer.connect(port: port, path: "/webrtc/my%20room/")
            let auth = try await a.nextJSON()
            #expect(auth["data"]?["room"] == "my room")
            let b = try await TestPeer.connect(port: port, path: "/webrtc/my%20room")
            _ = try await b.nextJSON()
            let joined = try await a.next(event: "joined")
            #expect(joined["event"] == "joined")
            a.close()
            b.close()
        }
    }

    @Test("binary frames are ignored and the connection stays usable")
    func binaryIgnored() async throws {
        try await TestServer.with { port in
            let (a, _) = try await TestPeer.join(port: port, room: "r6")
            a.sendBinary([1, 2, 3])
            try await a.expectSilence()
            a.send("ping")
            #expect(try await a.next() == .text("pong"))
            a.close()
        }
    }
}

@Suite("idle timeout")
struct IdleTimeoutTests {
    @Test("a peer that sends nothing for idle_timeout_seconds is closed; one that pings stays")
    func idle() async throws {
        try await TestServer.with({ $0.server.idleTimeoutSeconds = 3 }) { port in
            let start = ContinuousClock.now
            let (quiet, quietID) = try await TestPeer.join(port: port, room: "idle")
            let (chatty, _) = try await TestPeer.join(port: port, room: "idle")
            _ = try await quiet.next(event: "joined")
            var quietLeftAfter: Duration?
            var chattyClosed = false
            // Ping every 250 ms (well inside the timeout, even on a loaded machine).
            while ContinuousClock.now - start < .seconds(10), quietLeftAfter == nil || ContinuousClock.now - start < .seconds(6) {
                chatty.send("ping")
                while let frame = try? await chatty.next(timeout: .milliseconds(250)) {
                    if case .text(let text) = frame, text.contains(#""event":"left""#), text.contains(quietID), quietLeftAfter == nil {
                        quietLeftAfter = ContinuousClock.now - start
                    }
                    if case .closed = frame { chattyClosed = true }
                }
            }
            let after = try #require(quietLeftAfter, "the quiet peer was never closed")
            #expect(after >= .seconds(3) && after < .seconds(10), "closed after \(after)")
            #expect(!chattyClosed, "the pinging peer was closed")
            var closeFrame: TestPeer.Frame?
            while closeFrame == nil, let frame = try? await quiet.next(timeout: .seconds(2)) {
                if case .closed = frame { closeFrame = frame }
            }
            #expect(closeFrame == .closed(code: 1000))
            chatty.close()
        }
    }
}
