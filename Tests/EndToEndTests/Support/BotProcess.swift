import Foundation
import ParleyAudio
import ParleySignaling

/// A real `parley bot` process in a room of a test server, with its recording and stats file
/// in a directory of its own.
final class BotProcess: Sendable {
    let name: String
    let directory: URL
    private let process: ChildProcess

    var recordingURL: URL { directory.appendingPathComponent("\(name).wav") }
    var statsURL: URL { directory.appendingPathComponent("\(name).jsonl") }

    /// Starts `parley bot ws://…/webrtc/<room> --name <name> --record … --stats-json …` plus
    /// `arguments`, gathering candidates on loopback only (tests talk only to loopback).
    convenience init(name: String, server: ParleyServerProcess, room: String, arguments: [String]) throws {
        try self.init(name: name, port: server.baseURL.port ?? 0, room: room, arguments: arguments)
    }

    convenience init(name: String, port: Int, room: String, arguments: [String]) throws {
        try self.init(name: name, host: "127.0.0.1", port: port, room: room, arguments: arguments)
    }

    /// A bot at `host` (its candidate address too); `namespace` runs it in that network
    /// namespace (`ip netns exec`), which the test created.
    init(name: String, host: String, port: Int, room: String, arguments: [String], namespace: String? = nil) throws {
        self.name = name
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bot-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = "ws://\(host):\(port)/webrtc/\(room)"
        let binary = try ParleyServerProcess.locateBinary()
        let botArguments = ["bot", url, "--name", name, "--record", directory.appendingPathComponent("\(name).wav").path,
                            "--stats-json", directory.appendingPathComponent("\(name).jsonl").path,
                            "--log-level", "info"] + arguments
        if let namespace {
            process = try ChildProcess(name: "bot-\(name)", executable: URL(fileURLWithPath: NetworkNamespace.ip),
                                       arguments: ["netns", "exec", namespace, binary.path] + botArguments,
                                       logDirectory: directory)
        } else {
            process = try ChildProcess(name: "bot-\(name)", executable: binary,
                                       arguments: botArguments + ["--candidate-address", host], logDirectory: directory)
        }
    }

    /// Waits for the bot to leave by itself (`--duration`); fails with its log otherwise.
    func finish(within timeout: Duration) async throws {
        guard let code = await process.exitCode(within: timeout) else {
            await process.stop()
            throw TestFailure("bot \(name) did not exit within \(timeout):\n\(process.logTail())")
        }
        guard code == 0 else { throw TestFailure("bot \(name) exited with \(code):\n\(process.logTail())") }
    }

    func stop() async { await process.stop() }

    /// What the bot recorded, as 48 kHz mono samples.
    func recording() throws -> [Int16] {
        try WAVFile(contentsOfFile: recordingURL.path).samples
    }

    /// Every JSON line of its stats file.
    func statsLines() throws -> [JSONValue] {
        let text = try String(contentsOf: statsURL, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONValue.parse(String($0)) }
    }

    var log: String { process.logTail() }

    /// The id the server gave the bot, from its stats file.
    func selfID() throws -> String? {
        try statsLines().first { $0["type"]?.stringValue == "call" && $0["self_id"] != nil }?["self_id"]?.stringValue
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}


/// The second of `samples` (48 kHz) with the most energy: where a call's audio is, whatever
/// time joining took.
func loudestSecond(of samples: [Int16]) -> [Int16] {
    let second = 48_000
    guard samples.count > second else { return samples }
    let step = 4_800
    var best = 0
    var bestEnergy = -1.0
    for start in stride(from: 0, through: samples.count - second, by: step) {
        var energy = 0.0
        for index in stride(from: start, to: start + second, by: 8) { energy += Double(samples[index]) * Double(samples[index]) }
        if energy > bestEnergy { (best, bestEnergy) = (start, energy) }
    }
    return Array(samples[best..<(best + second)])
}
