import Foundation
import Testing

/// The terminal client when its terminal goes away (an SSH connection dropping).
@Suite("Terminal client hang-up", .serialized, .timeLimit(.minutes(2)))
struct TerminalHangupTests {
    @Test("SIGHUP (the terminal closes): parley leaves the room cleanly and exits")
    func hangupLeavesTheRoom() async throws {
        try await ParleyServerProcess.with { server in
            let port = server.baseURL.port ?? 0
            let room = "hangup-\(UUID().uuidString.prefix(6).lowercased())"
            let bot = try BotProcess(name: "witness", port: port, room: room, arguments: ["--duration", "30"])
            defer { Task { await bot.stop() } }
            try await Task.sleep(for: .milliseconds(500))
            let binary = try ParleyServerProcess.locateBinary()
            let tmux = try await Tmux(
                width: 100, height: 30,
                command: [binary.path, "join", "ws://127.0.0.1:\(port)/webrtc/\(room)", "--name", "sshuser",
                          "--play", "/dev/null", "--record", "/dev/null", "--candidate-address", "127.0.0.1"],
                environment: ["TERM": "xterm-256color", "SSH_CONNECTION": "192.0.2.9 40000 192.0.2.2 22"])
            do {
                let screen = try await tmux.waitForScreen("connected to the witness") { screen in
                    screen.split(separator: "\n").contains { $0.contains("witness") && $0.contains("connected") }
                }
                #expect(screen.contains("Over SSH"), "no SSH notice in the header:\n\(screen)")
                let peerID = try await poll("the witness sees sshuser connected", timeout: .seconds(10)) { () async throws -> Probe<String> in
                    let lines = try bot.statsLines()
                    let connected = lines.first { $0["type"]?.stringValue == "peer_state" && $0["name"]?.stringValue == "sshuser"
                        && $0["state"]?.stringValue == "connected" }
                    return connected?["peer"]?.stringValue.map { .done($0) } ?? .notYet("\(lines.count) lines")
                }
                // Closing the session hangs up the terminal: SIGHUP.
                await tmux.kill()
                try await poll("the witness sees sshuser leave", timeout: .seconds(5)) { () async throws -> Probe<Void> in
                    let left = try bot.statsLines().contains { $0["type"]?.stringValue == "peer_left" && $0["peer"]?.stringValue == peerID }
                    return left ? .done(()) : .notYet("sshuser still in the room")
                }
            } catch {
                await tmux.kill()
                throw error
            }
        }
    }
}
