import Foundation
import ParleyAudio
import ParleySignaling
import Testing

/// Two `parley bot`s on either side of a veth pair into a network namespace the test made.
/// The link goes down for 12 s: ICE on the first offerer sees the peer go silent, restarts,
/// and once the link is back the call carries on over the same connection.
@Suite("Calls through a network outage", .serialized, .timeLimit(.minutes(3)))
struct NetworkOutageTests {
    @Test("A call survives 12 s without a network path: the first offerer restarts ICE and both hear each other again",
          .enabled(if: NetworkNamespace.isAvailable, "needs root and iproute2 to make a network namespace"))
    func callSurvivesOutage() async throws {
        let namespace = try await NetworkNamespace.create()
        do {
            try await ParleyServerProcess.with(host: namespace.hostAddress) { server in
                try await Self.outage(server: server, namespace: namespace)
            }
        } catch {
            await namespace.remove()
            throw error
        }
        await namespace.remove()
    }

    static func outage(server: ParleyServerProcess, namespace: NetworkNamespace) async throws {
        let port = try #require(server.baseURL.port)
        let room = "outage-\(UUID().uuidString.prefix(6).lowercased())"
        // The first in the room offers, so it is the one that restarts.
        let outside = try BotProcess(name: "outside", host: namespace.hostAddress, port: port, room: room,
                                     arguments: ["--tone", "440", "--duration", "32"])
        try await Task.sleep(for: .milliseconds(500))
        let inside = try BotProcess(name: "inside", host: namespace.hostAddress, port: port, room: room,
                                    arguments: ["--tone", "660", "--duration", "31", "--candidate-address", namespace.innerAddress],
                                    namespace: namespace.name)
        do {
            try await poll("both bots connected", timeout: .seconds(10)) { () throws -> Probe<Void> in
                let states = [outside, inside].map { (try? Self.connectionStates($0)) ?? [] }
                return states.allSatisfy { $0.last == "connected" } ? .done(()) : .notYet("\(states)")
            }
            try await namespace.setLink(up: false)
            try await Task.sleep(for: .seconds(12))
            let lost = try Self.connectionStates(outside)
            try await namespace.setLink(up: true)
            #expect(lost.last != "connected", "the outside bot never noticed the outage: \(lost)")

            try await poll("connected again after the link came back", timeout: .seconds(15)) { () throws -> Probe<Void> in
                let states = (try? Self.connectionStates(outside)) ?? []
                return states.count > lost.count && states.last == "connected" ? .done(()) : .notYet("\(states)")
            }
            try await outside.finish(within: .seconds(30))
            try await inside.finish(within: .seconds(30))
        } catch {
            await outside.stop()
            await inside.stop()
            throw TestFailure("\(error)\n--- outside ---\n\(outside.log)\n--- inside ---\n\(inside.log)")
        }

        // Back over the same connection: an ICE restart, no leaving and joining again.
        #expect(outside.log.contains("ICE restart"), "no ICE restart in the outside bot's log:\n\(outside.log)")
        for bot in [outside, inside] {
            let left = try bot.statsLines().filter { $0["type"]?.stringValue == "peer_left" }
            #expect(left.count == 1, "\(bot.name) saw its peer leave before the end: \(left)")
        }
        // Both hear each other in the last seconds, long after the outage.
        for (bot, expected) in [(outside, 660.0), (inside, 440.0)] {
            let recording = try bot.recording()
            let tail = Array(recording.suffix(48_000 * 3).prefix(48_000 * 2))
            let heard = DominantFrequency.estimate(tail)
            #expect(heard.map { abs($0 - expected) / expected < 0.02 } == true,
                    "\(bot.name) heard \(heard.map { "\($0) Hz" } ?? "silence") at the end, expected \(expected) Hz")
        }
    }

    /// The connection states a bot reported for its one peer, in order.
    static func connectionStates(_ bot: BotProcess) throws -> [String] {
        try bot.statsLines().filter { $0["type"]?.stringValue == "peer_state" }.compactMap { $0["connection_state"]?.stringValue }
    }
}
