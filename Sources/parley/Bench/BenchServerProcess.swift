import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `parley serve` as a child process of the benchmark, so its RSS is the server's alone.
final class BenchServerProcess: Sendable {
    let port: Int
    private let process: Process

    private init(port: Int, process: Process) {
        self.port = port
        self.process = process
    }

    static func start(maxPeersPerRoom: Int) async throws -> BenchServerProcess {
        let configuration = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-\(getpid()).json")
        // The benchmark's senders stay within a real browser's pace per peer; the limits that
        // matter here are the defaults a deployment runs with.
        try Data(#"{"server":{"max_peers_per_room":\#(maxPeersPerRoom),"max_rooms":100000}}"#.utf8).write(to: configuration)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let port = 20_000 + Int(getpid() % 20_000)
        process.arguments = ["serve", "--port", String(port), "--config", configuration.path, "--log-level", "error"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let server = BenchServerProcess(port: port, process: process)
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            if Self.canConnect(port: port) { return server }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.stop()
        throw BenchFailure("parley serve did not start on port \(port)")
    }

    private static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    func residentSetKilobytes() -> Int? { ProcessUsage.residentSetKilobytes(pid: process.processIdentifier) }
    func peakResidentSetKilobytes() -> Int? { ProcessUsage.peakResidentSetKilobytes(pid: process.processIdentifier) }
    func cpuTicks() -> Int? { ProcessUsage.cpuTicks(pid: process.processIdentifier) }

    func stop() {
        if process.isRunning {
            // Process' children inherit a blocked signal mask; SIGKILL cannot be blocked.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

enum ResourceLimits {
    /// Thousands of sockets need more than the usual soft limit of open files.
    static func raiseOpenFiles() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}

enum MachineDescription {
    static var current: String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), \(ProcessInfo.processInfo.physicalMemory >> 30) GiB"
    }
}
