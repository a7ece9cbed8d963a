import Foundation

/// A tmux server of the test's own (`-L`), driving a real program in a real pseudo-terminal:
/// keys in with `send-keys`, the screen out with `capture-pane`.
final class Tmux: Sendable {
    let socketName: String
    let session = "parley"
    private let executable: URL

    init(width: Int, height: Int, command: [String], environment: [String: String] = [:]) async throws {
        executable = try Executables.find(environmentKey: "TMUX_BIN", names: ["tmux"],
                                          hint: "The terminal tests need tmux: apt-get install -y tmux.")
        socketName = "parley-test-\(UUID().uuidString.prefix(8))"
        let assignments = environment.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let shellCommand = "env \(assignments) " + command.map(Self.quote).joined(separator: " ") + "; echo EXITED $?; sleep 600"
        // The tmux server this starts would hold a captured pipe open for ever: no capture.
        try await run(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), shellCommand],
                capturing: false)
    }

    func capture() async throws -> String {
        try await run(["capture-pane", "-p", "-t", session])
    }

    func send(_ keys: String...) async throws {
        try await run(["send-keys", "-t", session] + keys)
    }

    func resize(width: Int, height: Int) async throws {
        try await run(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    func kill() async {
        _ = try? await run(["kill-server"], capturing: false)
    }

    /// Waits for the screen to satisfy `condition`; fails with the last screen.
    func waitForScreen(_ what: String, timeout: Duration = .seconds(15),
                       _ condition: @escaping @Sendable (String) -> Bool) async throws -> String {
        try await poll(what, timeout: timeout) {
            let screen = try await self.capture()
            return condition(screen) ? .done(screen) : .notYet("screen:\n\(screen)")
        }
    }

    /// Runs one tmux command and returns what it printed. Spawned with `ChildProcess` and
    /// waited for with waitpid: Foundation's `Process.waitUntilExit` hangs in this test process.
    @discardableResult
    private func run(_ arguments: [String], capturing: Bool = true) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(socketName)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = try ChildProcess(name: "tmux-\(UUID().uuidString.prefix(6))", executable: executable,
                                       arguments: ["-L", socketName] + arguments, logDirectory: directory)
        defer { try? FileManager.default.removeItem(at: process.logURL) }
        guard let code = await process.exitCode(within: .seconds(10)) else {
            await process.stop()
            throw TestFailure("tmux \(arguments.first ?? "") did not finish")
        }
        let text = capturing ? ((try? String(contentsOf: process.logURL, encoding: .utf8)) ?? "") : ""
        guard code == 0 else {
            throw TestFailure("tmux \(arguments.joined(separator: " ")) failed with \(code): \(text)")
        }
        return text
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
