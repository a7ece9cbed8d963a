import ParleySignaling
import Testing

@Suite("client message parsing")
struct ClientMessageTests {
    @Test("a browser candidate message parses with every key it carries")
    func candidate() throws {
        let text = #"{"event":"candidate","to":["a"],"data":{"candidate":"candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"abcd"}}"#
        let message = try ClientMessage.parse(text)
        #expect(message.event == "candidate")
        #expect(message.to == .peers(["a"]))
        #expect(message.data["sdpMLineIndex"] == .int(0))
        #expect(message.data["usernameFragment"] == "abcd")
    }

    @Test("every bad shape is refused with the protocol's description", arguments: [
        ("", "Invalid JSON"), ("{", "Invalid JSON"), ("ping pong", "Invalid JSON"),
        ("[]", "Invalid message"), ("3", "Invalid message"), (#"{"to":"all"}"#, "Invalid message"),
        (#"{"event":7,"to":"all"}"#, "Invalid message"), (#"{"event":"","to":"all"}"#, "Invalid message"),
        (#"{"event":"x"}"#, "Invalid message"), (#"{"event":"x","to":null}"#, "Invalid message"),
        (#"{"event":"x","to":"bob"}"#, "Invalid message"), (#"{"event":"x","to":{}}"#, "Invalid message"),
        (#"{"event":"x","to":[null]}"#, "Invalid message"),
    ])
    func refused(text: String, description: String) {
        #expect(throws: ClientMessageError.self) { try ClientMessage.parse(text) }
        do {
            _ = try ClientMessage.parse(text)
        } catch {
            #expect(error.description == description)
        }
    }

    @Test("server envelopes always carry the four baseline keys plus from_metadata, null when unset")
    func envelopeKeys() throws {
        let text = Envelope(event: "left", data: ["peer_id": "p"]).jsonText()
        #expect(text == #"{"data":{"peer_id":"p"},"event":"left","from":null,"from_metadata":null,"to":null}"#)
        let decoded = try JSONDecoder().decode(Envelope.self, from: Data(text.utf8))
        #expect(decoded.event == "left")
        #expect(decoded.to == nil)
    }

    @Test("large integers and nested values survive a round trip")
    func values() throws {
        let message = try ClientMessage.parse(#"{"event":"x","to":"all","data":{"n":9007199254740993,"f":1.5,"a":[true,null,"s"]}}"#)
        #expect(message.data["n"] == .int(9_007_199_254_740_993))
        #expect(message.data["f"] == .double(1.5))
        #expect(message.data["a"] == [true, .null, "s"])
    }
}

import Foundation
