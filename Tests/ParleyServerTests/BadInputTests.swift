import Foundation
import ParleyConfiguration
import ParleySignaling
import Testing

/// Every bad input of PROTOCOL.md gets its error, and afterwards the sender, the other peers and
/// the room still work.
@Suite("bad input never hurts anyone else")
struct BadInputTests {
    /// Two peers in one room; after `body` the room must still relay both ways.
    static func withRoom(
        _ configure: (inout ParleyConfiguration) -> Void = { _ in },
        _ body: (_ bad: TestPeer, _ other: TestPeer, _ otherID: String) async throws -> Void
    ) async throws {
        try await TestServer.with(configure) { port in
            let room = "bad-\(UUID().uuidString.prefix(8))"
            let (bad, badID) = try await TestPeer.join(port: port, room: room)
            let (other, otherID) = try await TestPeer.join(port: port, room: room)
            _ = try await bad.next(event: "joined")
            try await body(bad, other, otherID)
            try await Self.expectRoomWorks(bad, badID, other, otherID)
            bad.close()
            other.close()
        }
    }

    static func expectRoomWorks(_ a: TestPeer, _ aID: String, _ b: TestPeer, _ bID: String) async throws {
        a.send(ClientMessage(event: "still-there", data: "a", to: .peers([bID])))
        let atB = try await b.next(event: "still-there")
        #expect(atB["from"] == .string(aID))
        b.send(ClientMessage(event: "still-there", data: "b", to: .peers([aID])))
        let atA = try await a.next(event: "still-there")
        #expect(atA["from"] == .string(bID))
    }

    static func expectError(_ peer: TestPeer, _ description: String) async throws -> [String: JSONValue] {
        let error = try await peer.next(event: "error")
        #expect(Set(error.keys) == ["data", "event", "from", "to", "from_metadata"])
        #expect(error["from"] == .null)
        #expect(error["data"]?["description"] == .string(description))
        return error
    }

    @Test("malformed JSON: Invalid JSON with the raw text as details")
    func malformedJSON() async throws {
        try await Self.withRoom { bad, other, _ in
            bad.send("{not json")
            let error = try await Self.expectError(bad, "Invalid JSON")
            #expect(error["data"]?["details"] == "{not json")
            #expect(error["to"] == .null)
            try await other.expectSilence()
        }
    }

    @Test("an empty frame is Invalid JSON")
    func emptyFrame() async throws {
        try await Self.withRoom { bad, _, _ in
            bad.send("")
            _ = try await Self.expectError(bad, "Invalid JSON")
        }
    }

    @Test("valid JSON without event: Invalid message naming the missing key")
    func missingEvent() async throws {
        try await Self.withRoom { bad, other, otherID in
            bad.send(#"{"to":["\#(otherID)"],"data":1}"#)
            let error = try await Self.expectError(bad, "Invalid message")
            #expect(error["data"]?["details"]?.stringValue?.contains("event") == true)
            try await other.expectSilence()
        }
    }

    @Test("missing, null, bare-string and numeric to: Invalid message, nobody is disconnected",
          arguments: [#""#, #","to":null"#, #","to":"everyone""#, #","to":42"#, #","to":[1,2]"#])
    func badTo(toFragment: String) async throws {
        try await Self.withRoom { bad, other, _ in
            bad.send(#"{"event":"offer","data":{}\#(toFragment)}"#)
            let error = try await Self.expectError(bad, "Invalid message")
            #expect(error["data"]?["details"]?.stringValue?.contains("to") == true)
            try await other.expectSilence()
        }
    }

    @Test("a JSON value that is not an object: Invalid message")
    func notAnObject() async throws {
        try await Self.withRoom { bad, _, _ in
            bad.send("[1,2,3]")
            _ = try await Self.expectError(bad, "Invalid message")
        }
    }

    @Test("unknown ids: Unknown peer listing them, and known addressees still receive it")
    func unknownPeer() async throws {
        try await Self.withRoom { bad, other, otherID in
            let ghost = "00000000-0000-4000-8000-000000000000"
            bad.send(ClientMessage(event: "candidate", data: ["candidate": ""], to: .peers([ghost, otherID])))
            let relayed = try await other.next(event: "candidate")
            #expect(relayed["to"] == .array([.string(ghost), .string(otherID)]))
            let error = try await Self.expectError(bad, "Unknown peer")
            #expect(error["data"]?["details"] == .array([.string(ghost)]))
        }
    }

    @Test("an oversized frame: Message too large, and the peer stays")
    func oversized() async throws {
        try await Self.withRoom { bad, other, otherID in
            let big = String(repeating: "x", count: 70 * 1024)
            bad.send(ClientMessage(event: "offer", data: .string(big), to: .peers([otherID])))
            let error = try await Self.expectError(bad, "Message too large")
            #expect(error["data"]?["details"]?.stringValue?.contains("65536") == true)
            try await other.expectSilence()
        }
    }

    @Test("a frame beyond the hard limit closes that peer with 1009 and nobody else")
    func hugeFrame() async throws {
        try await TestServer.with { port in
            let (bad, _) = try await TestPeer.join(port: port, room: "huge")
            let (a, aID) = try await TestPeer.join(port: port, room: "huge")
            let (b, bID) = try await TestPeer.join(port: port, room: "huge")
            bad.send(String(repeating: "y", count: 2 << 20))
            var closed: TestPeer.Frame?
            while closed == nil {
                let frame = try await bad.next(timeout: .seconds(10))
                if case .closed = frame { closed = frame }
            }
            #expect(closed == .closed(code: 1009))
            _ = try await a.next(event: "left")
            try await Self.expectRoomWorks(a, aID, b, bID)
            a.close()
            b.close()
        }
    }

    @Test("a burst of thousands of messages: Rate limited, relays stay bounded, everyone keeps working")
    func burst() async throws {
        try await Self.withRoom { bad, other, otherID in
            for i in 0..<5000 {
                bad.send(ClientMessage(event: "spam", data: .int(Int64(i)), to: .peers([otherID])))
            }
            let error = try await Self.expectError(bad, "Rate limited")
            #expect(error["data"]?["details"] != nil)
            var relayed = 0
            while let frame = try? await other.next(timeout: .milliseconds(500)), case .text = frame { relayed += 1 }
            // The burst allowance (200) plus what 50/s refills during the burst, never all 5000.
            #expect(relayed >= 200 && relayed < 1000, "relayed \(relayed)")
            try await Task.sleep(for: .seconds(1.1))
            while (try? await bad.next(timeout: .milliseconds(100))) != nil {}
        }
    }

    @Test("a flood that lasts past abuse_seconds closes the flooder with 1008 and nobody else")
    func sustainedFlood() async throws {
        try await TestServer.with({ $0.server.abuseSeconds = 1; $0.server.messagesPerSecond = 10; $0.server.messageBurst = 10 }) { port in
            let (bad, badID) = try await TestPeer.join(port: port, room: "flood")
            let (a, aID) = try await TestPeer.join(port: port, room: "flood")
            let (b, bID) = try await TestPeer.join(port: port, room: "flood")
            // Flood until the server cuts the flooder off; the others see it leave. (The close
            // code is not read here: a client whose writes are backpressured may never see it.)
            let flood = Task {
                while !Task.isCancelled {
                    for _ in 0..<50 { bad.send(ClientMessage(event: "spam", data: .null, to: .peers([aID]))) }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { flood.cancel() }
            let left = try await b.next(event: "left", timeout: .seconds(8))
            #expect(left["data"]?["peer_id"] == .string(badID))
            flood.cancel()
            while (try? await a.next(timeout: .milliseconds(200))) != nil {}
            try await Self.expectRoomWorks(a, aID, b, bID)
            a.close()
            b.close()
        }
    }
}
