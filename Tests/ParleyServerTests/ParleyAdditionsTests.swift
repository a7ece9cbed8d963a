import Foundation
import ParleyConfiguration
import ParleySignaling
import Testing

/// PROTOCOL.md "Parley additions", each over a real connection to a running server.
@Suite("Parley additions over real connections")
struct ParleyAdditionsTests {
    @Test("authenticated carries room and the present peers with their metadata")
    func authenticatedListsRoom() async throws {
        try await TestServer.with { port in
            let (alice, aliceID) = try await TestPeer.join(port: port, room: "team", name: "alice")
            let bob = try await TestPeer.connect(port: port, path: "/webrtc/team?name=bob")
            let auth = try await bob.nextJSON()
            #expect(auth["data"]?["room"] == "team")
            #expect(auth["data"]?["peers"] == .array([["peer_id": .string(aliceID), "metadata": ["name": "alice"]]]))
            #expect(auth["from_metadata"] == .null)
            let joined = try await alice.next(event: "joined")
            #expect(joined["data"]?["metadata"] == ["name": "bob"])
            #expect(joined["from_metadata"] == ["name": "bob"])
            alice.close()
            bob.close()
        }
    }

    @Test("relayed messages carry the sender's metadata as from_metadata")
    func fromMetadataOnRelay() async throws {
        try await TestServer.with { port in
            let (alice, _) = try await TestPeer.join(port: port, room: "meta", name: "Ålice 🎧")
            let (bob, bobID) = try await TestPeer.join(port: port, room: "meta", name: "bob")
            _ = try await alice.next(event: "joined")
            alice.send(ClientMessage(event: "offer", data: ["type": "offer", "sdp": "x"], to: .peers([bobID])))
            let offer = try await bob.next(event: "offer")
            #expect(offer["from_metadata"] == ["name": "Ålice 🎧"])
            alice.close()
            bob.close()
        }
    }

    @Test("the display name comes from the tutorial's credentials cookie when there is no ?name=")
    func nameFromCookie() async throws {
        try await TestServer.with { port in
            let (alice, _) = try await TestPeer.join(port: port, room: "cookie")
            let cookie = #"{"username":"carol"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let carol = try await TestPeer.connect(port: port, path: "/webrtc/cookie", headers: ["Cookie": "theme=dark; credentials=\(cookie)"])
            _ = try await carol.nextJSON()
            let joined = try await alice.next(event: "joined")
            #expect(joined["data"]?["metadata"] == ["name": "carol"])
            alice.close()
            carol.close()
        }
    }

    @Test("names lose control characters and get a guest name when empty")
    func nameSanitized() async throws {
        try await TestServer.with { port in
            let (alice, _) = try await TestPeer.join(port: port, room: "names")
            let evil = try await TestPeer.connect(port: port, path: "/webrtc/names?name=%1B%5B2Jmallory%07")
            let evilID = try #require(try await evil.nextJSON()["data"]?["peer_id"]?.stringValue)
            #expect(try await alice.next(event: "joined")["data"]?["metadata"] == ["name": "[2Jmallory"])
            let anonymous = try await TestPeer.connect(port: port, path: "/webrtc/names")
            let anonID = try #require(try await anonymous.nextJSON()["data"]?["peer_id"]?.stringValue)
            #expect(try await alice.next(event: "joined")["data"]?["metadata"] == ["name": .string("guest-\(anonID.prefix(4))")])
            _ = evilID
            for p in [alice, evil, anonymous] { p.close() }
        }
    }

    @Test("a full room: Could not join room / room_is_full, then close 1000")
    func roomFull() async throws {
        try await TestServer.with({ $0.server.maxPeersPerRoom = 2 }) { port in
            let (a, _) = try await TestPeer.join(port: port, room: "small")
            let (b, _) = try await TestPeer.join(port: port, room: "small")
            _ = try await a.next(event: "joined")
            let c = try await TestPeer.connect(port: port, path: "/webrtc/small")
            let error = try await c.nextJSON()
            #expect(error["event"] == "error")
            #expect(error["data"] == ["description": "Could not join room", "details": "room_is_full"])
            #expect(try await c.next() == .closed(code: 1000))
            try await a.expectSilence()
            try await b.expectSilence(for: .milliseconds(50))
            a.close()
            b.close()
        }
    }

    @Test("rooms are created on first join and disappear when empty; /api/rooms lists them")
    func roomLifecycle() async throws {
        try await TestServer.with({ $0.server.maxPeersPerRoom = 7 }) { port in
            #expect(try await RawHTTP.get(port: port, path: "/api/rooms").body == "[]")
            let (a, aID) = try await TestPeer.join(port: port, room: "ephemeral", name: "ann")
            let listing = try await RawHTTP.get(port: port, path: "/api/rooms")
            #expect(listing.status == 200)
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(listing.body.utf8))
                == [["name": "ephemeral", "peers": 1, "max_peers": 7]])
            let room = try await RawHTTP.get(port: port, path: "/api/rooms/ephemeral")
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(room.body.utf8))
                == ["name": "ephemeral", "max_peers": 7, "peers": [["peer_id": .string(aID), "metadata": ["name": "ann"]]]])
            a.close()
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await RawHTTP.get(port: port, path: "/api/rooms").body == "[]")
            #expect(try await RawHTTP.get(port: port, path: "/api/rooms/ephemeral").status == 404)
        }
    }

    @Test("GET /api/config gives the configured ICE servers, none by default")
    func apiConfig() async throws {
        try await TestServer.with { port in
            let response = try await RawHTTP.get(port: port, path: "/api/config")
            #expect(response.status == 200)
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(response.body.utf8)) == ["iceServers": []])
        }
        try await TestServer.with({ $0.iceServers = [ICEServer(urls: ["stun:127.0.0.1:3478"]), ICEServer(urls: ["turn:127.0.0.1:3478"], username: "u", credential: "p")] }) { port in
            let response = try await RawHTTP.get(port: port, path: "/api/config")
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(response.body.utf8)) == ["iceServers": [
                ["urls": ["stun:127.0.0.1:3478"]],
                ["urls": ["turn:127.0.0.1:3478"], "username": "u", "credential": "p"],
            ]])
        }
    }

    @Test("handshakes refused before the upgrade: 400, 404 and 401 with an empty body")
    func refusedUpgrades() async throws {
        try await TestServer.with({
            $0.server.fixedRooms = true
            $0.server.rooms = [RoomSettings(name: "open"), RoomSettings(name: "vault", secret: "s3cret")]
        }) { port in
            let badEncoding = try await RawHTTP.upgradeStatus(port: port, path: "/webrtc/%ZZ")
            #expect(badEncoding.status == 400)
            #expect(badEncoding.body == "")
            #expect(try await RawHTTP.upgradeStatus(port: port, path: "/webrtc/a/b").status == 400)
            #expect(try await RawHTTP.upgradeStatus(port: port, path: "/webrtc/%0A").status == 400)
            let unknown = try await RawHTTP.upgradeStatus(port: port, path: "/webrtc/elsewhere")
            #expect(unknown.status == 404)
            #expect(unknown.body == "")
            let noToken = try await RawHTTP.upgradeStatus(port: port, path: "/webrtc/vault")
            #expect(noToken.status == 401)
            #expect(noToken.body == "")
            #expect(try await RawHTTP.upgradeStatus(port: port, path: "/webrtc/vault?token=wrong").status == 401)
            #expect(try await RawHTTP.upgradeStatus(port: port, path: "/webrtc/vault?token=s3cret").status == 101)
            let cookie = #"{"username":"x","token":"s3cret"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await RawHTTP.upgradeStatus(port: port, path: "/webrtc/vault", extraHeaders: "Cookie: credentials=\(cookie)\r\n").status == 101)
            #expect(try await RawHTTP.upgradeStatus(port: port, path: "/webrtc/open").status == 101)
            #expect(try await RawHTTP.get(port: port, path: "/webrtc/open").status == 400)
            // Refusals on one connection leave the next handshake alone.
            #expect(try await RawHTTP.upgradeStatus(port: port, path: "/webrtc/open").status == 101)
            let listing = try await RawHTTP.get(port: port, path: "/api/rooms")
            #expect(try JSONDecoder().decode(JSONValue.self, from: Data(listing.body.utf8))
                == [["name": "open", "peers": 0, "max_peers": 16], ["name": "vault", "peers": 0, "max_peers": 16]])
        }
    }

    @Test("/metrics speaks Prometheus text with peers, rooms, relays and errors by kind")
    func metrics() async throws {
        try await TestServer.with { port in
            let (a, _) = try await TestPeer.join(port: port, room: "m")
            let (b, bID) = try await TestPeer.join(port: port, room: "m")
            a.send(ClientMessage(event: "x", data: .null, to: .peers([bID])))
            _ = try await b.next(event: "x")
            a.send("{")
            _ = try await a.next(event: "error")
            let text = try await RawHTTP.get(port: port, path: "/metrics").body
            #expect(text.contains("parley_peers 2"))
            #expect(text.contains("parley_rooms 1"))
            #expect(text.contains("parley_messages_relayed_total 1"))
            #expect(text.contains(#"parley_errors_total{kind="invalid_json"} 1"#))
            a.close()
            b.close()
        }
    }

    @Test("the browser client is served at /")
    func browserClient() async throws {
        try await TestServer.with { port in
            let page = try await RawHTTP.get(port: port, path: "/")
            #expect(page.status == 200)
            #expect(page.body.contains("<script type=\"module\""))
        }
    }
}
