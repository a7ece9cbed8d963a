import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A network namespace the test creates, joined to the host by a veth pair on a private /30:
/// the host end has `hostAddress`, the namespace end `innerAddress`. Taking the host end down
/// kills the path between them, as a dead Wi-Fi does, without touching any other interface.
struct NetworkNamespace: Sendable {
    static let ip = "/usr/sbin/ip"

    let name: String
    let hostInterface: String
    let hostAddress: String
    let innerAddress: String

    /// Creating one needs root and iproute2 (the CI machine has both).
    static var isAvailable: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: ip)
    }

    static func create() async throws -> NetworkNamespace {
        let tag = String(UInt16.random(in: 0x1000...0xFFFF), radix: 16)
        let subnet = Int.random(in: 0...63) * 4
        let octet = Int.random(in: 16...250)
        let namespace = NetworkNamespace(name: "parley-\(tag)", hostInterface: "pv\(tag)h",
                                         hostAddress: "10.213.\(octet).\(subnet + 1)",
                                         innerAddress: "10.213.\(octet).\(subnet + 2)")
        let inner = "pv\(tag)n"
        do {
            try await run(["netns", "add", namespace.name])
            try await run(["link", "add", namespace.hostInterface, "type", "veth", "peer", "name", inner])
            try await run(["link", "set", inner, "netns", namespace.name])
            try await run(["addr", "add", "\(namespace.hostAddress)/30", "dev", namespace.hostInterface])
            try await run(["link", "set", namespace.hostInterface, "up"])
            try await run(["netns", "exec", namespace.name, ip, "addr", "add", "\(namespace.innerAddress)/30", "dev", inner])
            try await run(["netns", "exec", namespace.name, ip, "link", "set", inner, "up"])
            try await run(["netns", "exec", namespace.name, ip, "link", "set", "lo", "up"])
        } catch {
            await namespace.remove()
            throw error
        }
        return namespace
    }

    /// Up or down, the host end of the pair: down, nothing passes either way.
    func setLink(up: Bool) async throws {
        try await Self.run(["link", "set", hostInterface, up ? "up" : "down"])
    }

    /// Deleting the namespace deletes its end of the pair, and with it the host end.
    func remove() async {
        try? await Self.run(["netns", "delete", name])
        try? await Self.run(["link", "delete", hostInterface])
    }

    private static func run(_ arguments: [String]) async throws {
        let directory = FileManager.default.temporaryDirectory
        let process = try ChildProcess(name: "ip-\(UUID().uuidString.prefix(8))", executable: URL(fileURLWithPath: ip),
                                       arguments: arguments, logDirectory: directory)
        let code = await process.exitCode(within: .seconds(10))
        let log = process.logTail()
        try? FileManager.default.removeItem(at: process.logURL)
        guard code == 0 else {
            throw TestFailure("ip \(arguments.joined(separator: " ")) failed (\(code.map(String.init) ?? "no exit")): \(log)")
        }
    }
}
