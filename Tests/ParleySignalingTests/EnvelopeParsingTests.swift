import ParleySignaling
import Testing

@Suite("Reading server envelopes as a client")
struct EnvelopeParsingTests {
    @Test("membrane 0.1.2's authenticated, joined and left (PROTOCOL.md baseline)")
    func baselineFrames() throws {
        let authenticated = try Envelope.parse(#"{"data":{"peer_id":"a1"},"event":"authenticated","from":null,"to":["a1"]}"#)
        #expect(authenticated.event == "authenticated")
        #expect(authenticated.data["peer_id"]?.stringValue == "a1")
        #expect(authenticated.from == nil)
        #expect(authenticated.to == .peers(["a1"]))
        #expect(authenticated.fromMetadata == nil)

        let joined = try Envelope.parse(#"{"data":{"peer_id":"b2"},"event":"joined","from":"b2","to":"all"}"#)
        #expect(joined.from == "b2")
        #expect(joined.to == .all)
    }

    @Test("Parley's additions are read when present")
    func additions() throws {
        let relayed = try Envelope.parse(#"{"data":{"type":"offer","sdp":"v=0"},"event":"offer","from":"b2","from_metadata":{"name":"bob"},"to":["a1"]}"#)
        #expect(relayed.fromMetadata?["name"]?.stringValue == "bob")
        #expect(relayed.data["sdp"]?.stringValue == "v=0")
    }

    @Test("What is not an envelope is refused with the reason", arguments: [
        ("pong", "not JSON"),
        ("[1,2]", "not a JSON object"),
        (#"{"data":{}}"#, "no string"),
        (#"{"event":7}"#, "no string"),
        ("", "not JSON"),
    ])
    func refused(text: String, reason: String) {
        #expect {
            try Envelope.parse(text)
        } throws: { error in
            String(describing: error).contains(reason)
        }
    }

    @Test("An odd `to` does not stop a client from reading the message")
    func oddRecipients() throws {
        let message = try Envelope.parse(#"{"event":"x","data":null,"to":"somebody","from":"c"}"#)
        #expect(message.to == nil)
        #expect(message.data == .null)
    }
}
