import Foundation
import ParleySignaling
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `parley serve` on a free loopback port. Use `ParleyServerProcess.with { server in … }`.
///
/// The binary: `PARLEY_BIN` if set, else the `parley` executable that `swift build` put next to
/// the test bundle (`.build/<triple>/debug/`). `PARLEY_WEB_ROOT`, if set, is passed as
/// `--web-root` so edits to the web client can be tried without rebuilding the server.
final class ParleyServerProcess: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let baseURL: URL
    private let process: ChildProcess
    private let logDirectory: URL

    private init(baseURL: URL, process: ChildProcess, logDirectory: URL) {
        self.baseURL = baseURL
        self.process = process
        self.logDirectory = logDirectory
    }

    static func with(host: String = "127.0.0.1", port: UInt16? = nil, arguments: [String] = [],
                     _ body: (ParleyServerProcess) async throws -> Void) async throws {
        let server = try await start(host: host, port: port, arguments: arguments)
        do {
            try await body(server)
        } catch {
            let log = server.logTail()
            await server.stopIgnoringCancellation()
            throw ServerContext(underlying: error, serverLog: log)
        }
        await server.stopIgnoringCancellation()
    }

    /// A test failure with the server's log attached, which is usually where the reason is.
    struct ServerContext: Error, CustomStringConvertible {
        let underlying: any Error
        let serverLog: String
        var description: String { "\(underlying)\n--- parley serve log (tail) ---\n\(serverLog)" }
    }

    static func locateBinary() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["PARLEY_BIN"], !configured.isEmpty {
            let url = URL(fileURLWithPath: configured)
            guard Executables.isExecutableFile(url) else {
                throw Failure(description: "PARLEY_BIN=\(configured) is not an executable file")
            }
            return url
        }
        // Linux runs the test executable straight from the build products directory;
        // macOS runs it inside <products>/X.xctest/Contents/MacOS. Look up a few levels.
        var starts: [URL] = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL {
            starts.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first {
            starts.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        var looked: [String] = []
        for start in starts {
            var directory = start
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("parley")
                looked.append(candidate.path)
                if Executables.isExecutableFile(candidate) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw Failure(description: """
            no parley executable found; build it (swift build --product parley) or set PARLEY_BIN. \
            Looked at: \(Set(looked).sorted().joined(separator: ", "))
            """)
    }

    /// `host` is loopback, or an address of a network namespace the test made itself.
    /// `port` reuses a port (a server restarting), else a free one is picked.
    static func start(host: String = "127.0.0.1", port fixedPort: UInt16? = nil,
                      arguments extra: [String] = []) async throws -> ParleyServerProcess {
        let binary = try locateBinary()
        let logDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-serve-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)

        var arguments = ["serve", "--host", host]
        if let webRoot = ProcessInfo.processInfo.environment["PARLEY_WEB_ROOT"], !webRoot.isEmpty {
            arguments += ["--web-root", webRoot]
        }
        var failures: [String] = []
        for attempt in 1...3 {
            let port = try fixedPort ?? LocalPort.free()
            let process = try ChildProcess(
                name: "parley-serve-\(attempt)",
                executable: binary,
                arguments: arguments + ["--port", String(port)] + extra,
                logDirectory: logDirectory)
            guard let base = URL(string: "http://\(host):\(port)/") else { continue }
            if await waitUntilServing(base, process: process) {
                return ParleyServerProcess(baseURL: base, process: process, logDirectory: logDirectory)
            }
            failures.append("attempt \(attempt) on port \(port) (exited: \(!process.isRunning)):\n\(process.logTail(maxBytes: 2000))")
            await process.stop()
        }
        throw Failure(description: "\(binary.path) \(arguments.joined(separator: " ")) did not serve GET /api/rooms:\n"
                      + failures.joined(separator: "\n"))
    }

    /// Ready once `GET /api/rooms` answers a JSON array (it does in every mode, unlike
    /// `/api/config`, which a membrane-baseline server does not have).
    private static func waitUntilServing(_ base: URL, process: ChildProcess) async -> Bool {
        guard let url = URL(string: "api/rooms", relativeTo: base) else { return false }
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, process.isRunning {
            var request = URLRequest(url: url)
            request.timeoutInterval = 2
            if let (data, response) = try? await URLSession.shared.data(for: request),
               (response as? HTTPURLResponse)?.statusCode == 200,
               let rooms = try? JSONDecoder().decode(JSONValue.self, from: data),
               rooms.arrayValue != nil {
                return true
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The page URL for `room`, with the browser's voice processing off so the fake
    /// microphone's beep arrives at full level.
    func pageURL(room: String, query: String = "raw=1") -> URL {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.path = "/"
        components.query = query
        components.fragment = room
        return components.url ?? baseURL
    }

    /// Sends SIGTERM or SIGINT to the server and returns its exit code (nil: no normal exit in time).
    func terminate(signal: Int32, within timeout: Duration = .seconds(10)) async -> Int32? {
        process.send(signal: signal)
        return await process.exitCode(within: timeout)
    }

    var port: Int { baseURL.port ?? 0 }

    func logTail() -> String {
        process.logTail()
    }

    func stopIgnoringCancellation() async {
        await Task { await self.process.stop() }.value
        try? FileManager.default.removeItem(at: logDirectory)
    }
}
