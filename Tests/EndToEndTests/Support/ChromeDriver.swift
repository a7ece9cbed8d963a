import Foundation
import ParleySignaling
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A chromedriver process on a loopback port, serving any number of headless Chromium sessions.
/// Use `ChromeDriver.with { driver in … }`: it stops every browser and the driver afterwards,
/// also when the test fails or is cancelled.
final class ChromeDriver: @unchecked Sendable {
    // @unchecked: the mutable session list is guarded by `lock`.

    /// The flags from DESIGN.md ("Testing without sound card"): fake microphone (a beep),
    /// permission granted without a prompt, host candidates on 127.0.0.1, autoplay allowed.
    static let chromiumArguments = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        "--allow-loopback-in-peer-connection",
        "--autoplay-policy=no-user-gesture-required",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--no-proxy-server",
        "--window-size=1024,768",
    ]

    static let installHint = "The browser tests need Chromium and its WebDriver: apt-get install -y chromium chromium-driver (or set CHROME_BIN and CHROMEDRIVER)."

    let http: WebDriverHTTP
    let workDirectory: URL
    private let chromium: URL
    private let process: ChildProcess
    private let lock = NSLock()
    private var sessions: [BrowserSession] = []
    private var profileCount = 0

    private init(http: WebDriverHTTP, workDirectory: URL, chromium: URL, process: ChildProcess) {
        self.http = http
        self.workDirectory = workDirectory
        self.chromium = chromium
        self.process = process
    }

    static func with(_ body: (ChromeDriver) async throws -> Void) async throws {
        let driver = try await start()
        do {
            try await body(driver)
        } catch {
            let consoles = await driver.consoleLogs()
            await driver.shutdownIgnoringCancellation()
            throw BrowserContext(underlying: error, consoles: consoles)
        }
        await driver.shutdownIgnoringCancellation()
    }

    /// A test failure with what the pages logged, which often says why.
    struct BrowserContext: Error, CustomStringConvertible {
        let underlying: any Error
        let consoles: String
        var description: String { consoles.isEmpty ? "\(underlying)" : "\(underlying)\n\(consoles)" }
    }

    /// The console output of every open browser, for failure messages.
    func consoleLogs() async -> String {
        let open = lock.withLock { sessions }
        var report: [String] = []
        for (index, session) in open.enumerated() {
            guard let lines = try? await session.consoleLog(), !lines.isEmpty else { continue }
            report.append("--- browser \(index + 1) console ---\n" + lines.suffix(40).joined(separator: "\n"))
        }
        return report.joined(separator: "\n")
    }

    static func start() async throws -> ChromeDriver {
        let chromium = try Executables.find(
            environmentKey: "CHROME_BIN",
            names: ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"],
            hint: installHint)
        let chromedriver = try Executables.find(
            environmentKey: "CHROMEDRIVER",
            names: ["chromedriver"],
            fallbacks: ["/usr/lib/chromium/chromedriver"],
            hint: installHint)

        let workDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-browser-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)

        var failures: [String] = []
        for attempt in 1...3 {
            let port = try LocalPort.free()
            let process = try ChildProcess(
                name: "chromedriver-\(attempt)",
                executable: chromedriver,
                arguments: ["--port=\(port)", "--allowed-ips=127.0.0.1"],
                logDirectory: workDirectory)
            let http = WebDriverHTTP(port: port)
            if await waitUntilReady(http, process: process) {
                return ChromeDriver(http: http, workDirectory: workDirectory, chromium: chromium, process: process)
            }
            failures.append("attempt \(attempt) on port \(port): \(process.logTail(maxBytes: 1500))")
            await process.stop()
        }
        try? FileManager.default.removeItem(at: workDirectory)
        throw WebDriverError(description: "chromedriver (\(chromedriver.path)) did not come up:\n" + failures.joined(separator: "\n"))
    }

    private static func waitUntilReady(_ http: WebDriverHTTP, process: ChildProcess) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline, process.isRunning {
            if let status = try? await http.command("GET", "status"), status["ready"]?.boolValue == true {
                return true
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// A new headless Chromium with its own fresh profile directory; `extraArguments` are
    /// added to the standard flags (e.g. `--use-file-for-fake-audio-capture=…`).
    func newSession(extraArguments: [String] = []) async throws -> BrowserSession {
        let profile: URL = lock.withLock {
            profileCount += 1
            return workDirectory.appendingPathComponent("profile-\(profileCount)")
        }
        let arguments = Self.chromiumArguments + extraArguments + ["--user-data-dir=\(profile.path)"]
        let capabilities: JSONValue = .object([
            "capabilities": .object([
                "alwaysMatch": .object([
                    "browserName": .string("chrome"),
                    "goog:loggingPrefs": .object(["browser": .string("ALL")]),
                    "goog:chromeOptions": .object([
                        "binary": .string(chromium.path),
                        "args": .array(arguments.map { .string($0) }),
                    ]),
                ]),
            ]),
        ])
        let value: JSONValue
        do {
            value = try await http.command("POST", "session", capabilities)
        } catch {
            throw WebDriverError(description: "could not start Chromium (\(chromium.path)): \(error)\nchromedriver log:\n\(process.logTail())")
        }
        guard let id = value["sessionId"]?.stringValue else {
            throw WebDriverError(description: "new session without an id: \(value)")
        }
        let session = BrowserSession(id: id, http: http)
        lock.withLock { sessions.append(session) }
        try await session.setScriptTimeout(milliseconds: 30_000)
        return session
    }

    /// Ends one browser now (the others keep running).
    func close(_ session: BrowserSession) async throws {
        lock.withLock { sessions.removeAll { $0.id == session.id } }
        try await session.delete()
    }

    func logTail() -> String {
        process.logTail()
    }

    /// Runs in an unstructured task so that a cancelled test still quits its browsers.
    func shutdownIgnoringCancellation() async {
        await Task { await self.shutdown() }.value
    }

    private func shutdown() async {
        let open = lock.withLock {
            defer { sessions.removeAll() }
            return sessions
        }
        for session in open {
            try? await session.delete()
        }
        await process.stop()
        killLeftoverBrowsers()
        try? FileManager.default.removeItem(at: workDirectory)
    }

    /// Chromium processes outlive a killed chromedriver. Ours are the ones whose command
    /// line names a profile inside our work directory; kill exactly those, by pid.
    private func killLeftoverBrowsers() {
        #if os(Linux)
        let marker = "--user-data-dir=\(workDirectory.path)/"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return }
        for entry in entries {
            guard let pid = Int32(entry), pid != getpid(),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let commandLine = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            if commandLine.contains(marker) {
                kill(pid, SIGKILL)
            }
        }
        #endif
    }
}
