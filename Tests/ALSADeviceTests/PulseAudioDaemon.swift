import CALSA
import Foundation
import Testing

/// A private PulseAudio server with two null sinks, the paced sound device of these tests
/// (the kernel here has no sound card).
///
/// It listens on its own socket in a temporary directory, never on the user's; clients find
/// it through `PULSE_SERVER`, and ALSA's `pulse` plugin reaches its sinks as
/// `pulse:DEVICE=<sink>` (playback) and `pulse:DEVICE=<sink>.monitor` (capture of what was
/// played into the sink), the `DEVICE` argument of the `pcm.pulse` definition that
/// libasound2-plugins installs.
final class PulseAudioDaemon: @unchecked Sendable {
    static let sinkA = "parley_test_a"
    static let sinkB = "parley_test_b"

    /// The `pulseaudio` executable on PATH, if installed.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":")
            .map { "\($0)/pulseaudio" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    let directory: URL
    let socketPath: String
    private let process: Process

    private init(directory: URL, socketPath: String, process: Process) {
        self.directory = directory
        self.socketPath = socketPath
        self.process = process
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts the daemon and waits until its socket accepts connections.
    static func start(executable: String) throws -> PulseAudioDaemon {
        // Under /tmp: a Unix socket path must fit in 108 bytes, and TMPDIR may be long.
        var template = Array("/tmp/parley-pulse-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw StartFailure(description: "mkdtemp failed: errno \(errno)") }
        let directory = URL(fileURLWithPath: String(cString: made), isDirectory: true)
        let socketPath = directory.appendingPathComponent("native").path

        // An idle null sink renders ahead in blocks of up to two seconds, so a new stream
        // waited that long for its first frame (seen here). A 10 ms loopback of silence from
        // a null source keeps each sink rendering in small steps, so streams start at once
        // and monitors deliver in real time; silence mixed in changes no sample. The sinks
        // are suspended while the loopbacks connect because resuming restarts their clock,
        // dropping the two-second block rendered at load. `*_dont_move` keeps a loopback on
        // its sink when the default sink changes.
        // The socket comes last: once it accepts connections, the sinks are ready.
        // scripts/pulse-test-daemon starts the same server for trying things by hand.
        let script = """
            load-module module-null-sink sink_name=\(sinkA) rate=48000 channels=1
            load-module module-null-sink sink_name=\(sinkB) rate=48000 channels=1
            suspend-sink \(sinkA) 1
            suspend-sink \(sinkB) 1
            load-module module-null-source source_name=parley_test_silence rate=48000 channels=1
            load-module module-loopback source=parley_test_silence sink=\(sinkA) latency_msec=10 sink_dont_move=true source_dont_move=true
            load-module module-loopback source=parley_test_silence sink=\(sinkB) latency_msec=10 sink_dont_move=true source_dont_move=true
            suspend-sink \(sinkA) 0
            suspend-sink \(sinkB) 0
            set-default-sink \(sinkB)
            set-default-source \(sinkB).monitor
            load-module module-native-protocol-unix socket=\(socketPath) auth-anonymous=1

            """
        let scriptURL = directory.appendingPathComponent("daemon.pa")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        try "autospawn = no\n".write(to: directory.appendingPathComponent("client.conf"), atomically: true, encoding: .utf8)
        let logURL = directory.appendingPathComponent("daemon.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "-n", "-F", scriptURL.path,
            "--exit-idle-time=-1", "--disable-shm=yes", "--daemonize=no", "--system=false",
            "--use-pid-file=no", "--realtime=no", "--high-priority=no", "--log-target=stderr",
        ]
        // Everything the daemon writes (runtime files, state, cookie) stays in the directory.
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory.path
        environment["XDG_CONFIG_HOME"] = directory.appendingPathComponent("config").path
        environment["XDG_RUNTIME_DIR"] = directory.path
        environment["PULSE_RUNTIME_PATH"] = directory.appendingPathComponent("runtime").path
        environment["PULSE_STATE_PATH"] = directory.appendingPathComponent("state").path
        process.environment = environment
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try? log.close()

        let daemon = PulseAudioDaemon(directory: directory, socketPath: socketPath, process: process)
        let deadline = Date().addingTimeInterval(10)
        while !daemon.acceptsConnections() {
            guard process.isRunning, Date() < deadline else {
                let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
                daemon.stop()
                throw StartFailure(description: "pulseaudio did not come up; its log:\n\(output)")
            }
            usleep(20_000)
        }
        return daemon
    }

    /// Points this process's PulseAudio clients (ALSA's pulse plugin) at the daemon.
    func becomeDefaultServer() {
        setenv("PULSE_SERVER", "unix:\(socketPath)", 1)
        setenv("PULSE_CLIENTCONFIG", directory.appendingPathComponent("client.conf").path, 1)
        setenv("PULSE_COOKIE", directory.appendingPathComponent("cookie").path, 1)
        // alsa-lib decides once, when it reads its configuration, whether `default` means
        // PulseAudio (a hook asks whether a server is running): have it read it again.
        snd_config_update_free_global()
    }

    /// Stops the daemon, forgets it as the default server, removes its directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        if let server = getenv("PULSE_SERVER"), String(cString: server) == "unix:\(socketPath)" {
            unsetenv("PULSE_SERVER")
            unsetenv("PULSE_CLIENTCONFIG")
            unsetenv("PULSE_COOKIE")
            snd_config_update_free_global()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private func acceptsConnections() -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            for (index, byte) in bytes.enumerated() { path[index] = byte }
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }
}

/// Runs a suite with a private PulseAudio daemon: started before its first test, stopped
/// after its last.
struct PrivatePulseAudio: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard let executable = PulseAudioDaemon.executable else {
            // The suite is disabled then (see `pulseAudioInstalled`); nothing to provide.
            try await function()
            return
        }
        let daemon = try PulseAudioDaemon.start(executable: executable)
        daemon.becomeDefaultServer()
        defer { daemon.stop() }
        try await function()
    }
}

extension Trait where Self == PrivatePulseAudio {
    /// A private PulseAudio daemon for the suite's duration.
    static var privatePulseAudio: Self { PrivatePulseAudio() }
}

extension Trait where Self == ConditionTrait {
    /// Skips, saying why, when PulseAudio is not installed.
    static var pulseAudioInstalled: Self {
        .enabled(
            if: PulseAudioDaemon.executable != nil,
            "pulseaudio is not installed (Debian packages pulseaudio and libasound2-plugins); these tests need its null sinks as a paced sound device"
        )
    }
}
