import Foundation
import Logging
import ParleyAudio
import ParleyClient
import ParleyRTC
import Testing

/// Two Orchestrators, each with its real media driver, through a real server over real UDP on
/// loopback.
@Suite("Orchestrator calls over a real server", .serialized, .timeLimit(.minutes(2)))
struct OrchestratorCallTests {
    struct Call {
        let orchestrator: Orchestrator
        let sink: RecordingSink
        let run: Task<CallState, Never>
    }

    static func start(port: Int, room: String, name: String, tone: Double, reconnects: Bool = true) throws -> Call {
        var logger = Logger(label: "parley.client-test")
        logger.logLevel = .critical
        let sink = RecordingSink()
        let media = try CallMedia(configuration: CallMediaConfiguration(hostAddresses: [.ipv4Loopback]),
                                  source: ToneSource(frequency: tone), sink: sink, logger: logger)
        let url = SignalingURL(host: "127.0.0.1", port: port, room: room, name: name)
        var options = Orchestrator.Options(url: url, reconnects: reconnects)
        options.statisticsInterval = .milliseconds(50)
        let orchestrator = Orchestrator(options: options, media: media, logger: logger)
        return Call(orchestrator: orchestrator, sink: sink, run: Task { await orchestrator.run() })
    }

    static func waitFor(_ call: Call, _ what: String, timeout: Duration = .seconds(10),
                        _ condition: (CallState) -> Bool) async throws -> CallState {
        let deadline = ContinuousClock.now + timeout
        var state = await call.orchestrator.currentState
        while ContinuousClock.now < deadline {
            state = await call.orchestrator.currentState
            if condition(state) { return state }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ClientTestFailure("\(what) did not happen within \(timeout); state: phase \(state.phase), peers \(state.peers.map { "\($0.name ?? $0.id) \($0.progress.label)" }), log \(state.log.map(\.text))")
    }

    @Test("Present peer offers, newcomer answers; both hear each other's tone; a leave is seen")
    func twoPeersTalk() async throws {
        let server = try await ClientTestServer.start()
        defer { Task { await server.stop() } }
        let room = "pair-\(UUID().uuidString.prefix(6))"
        let alice = try Self.start(port: server.port, room: room, name: "alice", tone: 440)
        _ = try await Self.waitFor(alice, "alice joins") { $0.phase == .joined }
        let bob = try Self.start(port: server.port, room: room, name: "bob", tone: 660)

        let aliceView = try await Self.waitFor(alice, "alice connects to bob with audio") {
            $0.peers.first?.media.connectionState == .connected && $0.peers.first?.firstAudioAt != nil
        }
        // Candidate types come with the statistics refresh, a moment after the state events.
        let bobView = try await Self.waitFor(bob, "bob connects to alice with audio") {
            $0.peers.first?.media.connectionState == .connected && $0.peers.first?.firstAudioAt != nil
                && $0.peers.first?.media.localCandidateType != nil
        }
        #expect(aliceView.peers.first?.name == "bob")
        #expect(aliceView.peers.first?.role == .offerer)
        #expect(bobView.peers.first?.name == "alice")
        #expect(bobView.peers.first?.role == .answerer)
        #expect(bobView.peers.first?.media.localCandidateType == "host")

        try await Task.sleep(for: .seconds(1.5))
        let aliceHeard = DominantFrequency.estimate(Array(alice.sink.recorded.suffix(48_000)))
        let bobHeard = DominantFrequency.estimate(Array(bob.sink.recorded.suffix(48_000)))
        #expect(aliceHeard.map { abs($0 - 660) < 13 } == true, "alice heard \(String(describing: aliceHeard))")
        #expect(bobHeard.map { abs($0 - 440) < 9 } == true, "bob heard \(String(describing: bobHeard))")

        bob.orchestrator.leave()
        let bobFinal = await bob.run.value
        #expect(bobFinal.phase == .ended(reason: "You left the room."))
        let afterLeave = try await Self.waitFor(alice, "alice sees bob leave") { $0.peers.isEmpty }
        #expect(afterLeave.log.contains { $0.kind == .leave && $0.text.contains("bob") })
        alice.orchestrator.leave()
        _ = await alice.run.value
    }

    @Test("Mute sends silence and keeps the connection; the other side's level drops")
    func muteSendsSilence() async throws {
        let server = try await ClientTestServer.start()
        defer { Task { await server.stop() } }
        let room = "mute-\(UUID().uuidString.prefix(6))"
        let talker = try Self.start(port: server.port, room: room, name: "talker", tone: 500)
        _ = try await Self.waitFor(talker, "talker joins") { $0.phase == .joined }
        let listener = try Self.start(port: server.port, room: room, name: "listener", tone: 300)
        _ = try await Self.waitFor(listener, "listener hears the talker") { ($0.peers.first?.media.levelDBFS ?? -100) > -30 }
        await talker.orchestrator.setMuted(true)
        let muted = try await Self.waitFor(listener, "the talker's level falls") { ($0.peers.first?.media.levelDBFS ?? 0) < -60 }
        #expect(muted.peers.first?.media.connectionState == .connected)
        await talker.orchestrator.setMuted(false)
        _ = try await Self.waitFor(listener, "the talker is heard again") { ($0.peers.first?.media.levelDBFS ?? -100) > -30 }
        talker.orchestrator.leave()
        listener.orchestrator.leave()
        _ = await (talker.run.value, listener.run.value)
    }

    @Test("After the server restarts, the Orchestrator reconnects with backoff and calls again")
    func reconnects() async throws {
        let first = try await ClientTestServer.start()
        let port = first.port
        let room = "again-\(UUID().uuidString.prefix(6))"
        let alice = try Self.start(port: port, room: room, name: "alice", tone: 440)
        let joined = try await Self.waitFor(alice, "alice joins") { $0.phase == .joined }
        let firstID = try #require(joined.selfID)

        await first.stop()
        _ = try await Self.waitFor(alice, "alice notices") {
            if case .reconnecting = $0.phase { return true }
            return false
        }
        let second = try await ClientTestServer.start(port: port)
        defer { Task { await second.stop() } }
        let back = try await Self.waitFor(alice, "alice rejoins", timeout: .seconds(20)) { $0.phase == .joined }
        #expect(back.selfID != nil && back.selfID != firstID)
        #expect(back.log.contains { $0.text.contains("Reconnected") })

        // And the call works again: a newcomer connects to her.
        let bob = try Self.start(port: port, room: room, name: "bob", tone: 660)
        _ = try await Self.waitFor(bob, "bob connects to alice after the restart") {
            $0.peers.first?.media.connectionState == .connected
        }
        alice.orchestrator.leave()
        bob.orchestrator.leave()
        _ = await (alice.run.value, bob.run.value)
    }

    @Test("A full room ends the call with the server's reason")
    func fullRoom() async throws {
        let server = try await ClientTestServer.start { $0.server.maxPeersPerRoom = 1 }
        defer { Task { await server.stop() } }
        let room = "full-\(UUID().uuidString.prefix(6))"
        let inside = try Self.start(port: server.port, room: room, name: "inside", tone: 440)
        _ = try await Self.waitFor(inside, "the first joins") { $0.phase == .joined }
        let late = try Self.start(port: server.port, room: room, name: "late", tone: 660)
        let final = await late.run.value
        guard case let .ended(reason) = final.phase else {
            Issue.record("phase \(final.phase)")
            return
        }
        #expect(!final.hasJoined)
        #expect(final.log.contains { $0.kind == .error && $0.text.contains("room_is_full") }, "log: \(final.log.map(\.text)), reason \(reason)")
        inside.orchestrator.leave()
        _ = await inside.run.value
    }
}
