import ParleyClient
import Testing

@Suite("Signaling URLs")
struct SignalingURLTests {
    @Test("A room's WebSocket URL keeps host, port, room and name")
    func webSocketURL() throws {
        let url = try SignalingURL(parsing: "ws://127.0.0.1:8042/webrtc/lobby?name=ann")
        #expect(url.scheme == "ws")
        #expect(url.host == "127.0.0.1")
        #expect(url.port == 8042)
        #expect(url.room == "lobby")
        #expect(url.name == "ann")
        #expect(url.urlString == "ws://127.0.0.1:8042/webrtc/lobby?name=ann")
        #expect(url.browserLink == "http://127.0.0.1:8042/#lobby")
    }

    @Test("Rooms are percent-decoded and encoded again on the way out")
    func percentEncoding() throws {
        let url = try SignalingURL(parsing: "wss://example.org/webrtc/caf%C3%A9%20talk/")
        #expect(url.room == "café talk")
        #expect(url.scheme == "wss")
        #expect(url.port == nil)
        #expect(url.urlString == "wss://example.org/webrtc/caf%C3%A9%20talk")
        #expect(url.httpBase == "https://example.org")
    }

    @Test("A browser link (http, #room or ?room=) is read as the room's WebSocket URL")
    func browserLinks() throws {
        #expect(try SignalingURL(parsing: "http://localhost:8042/#standup").urlString == "ws://localhost:8042/webrtc/standup")
        #expect(try SignalingURL(parsing: "https://h.example/?room=ops").urlString == "wss://h.example/webrtc/ops")
    }

    @Test("Other query items (a room token) survive")
    func tokenSurvives() throws {
        var url = try SignalingURL(parsing: "ws://[::1]:9000/webrtc/r?token=s3cret")
        url.name = "bob"
        #expect(url.urlString == "ws://[::1]:9000/webrtc/r?token=s3cret&name=bob")
        #expect(url.serverLabel == "[::1]:9000")
    }

    @Test("Bad URLs are refused with a reason", arguments: [
        ("ftp://host/webrtc/a", "scheme"),
        ("ws://host:8042/", "names no room"),
        ("not a url at all", "not a URL"),
        ("ws:///webrtc/a", "no host"),
    ])
    func badURLs(text: String, reason: String) {
        #expect {
            try SignalingURL(parsing: text)
        } throws: { error in
            String(describing: error).contains(reason)
        }
    }
}
