import Foundation
import ParleyAudio
import ParleyClient
import ParleyRTC
import Testing

/// ICE restarts between two Orchestrators through a real server over real UDP: each side asks
/// for one in turn; the connection stays the same, the roles stay who offered first, and the
/// audio carries on.
@Suite("Orchestrator ICE restarts", .serialized, .timeLimit(.minutes(2)))
struct OrchestratorICERestartTests {
    typealias Calls = OrchestratorCallTests

    @Test("Either side restarts ICE; roles are kept, the log says so, both still hear each other")
    func restartsFromBothSides() async throws {
        let server = try await ClientTestServer.start()
        defer { Task { await server.stop() } }
        let room = "restart-\(UUID().uuidString.prefix(6))"
        let alice = try Calls.start(port: server.port, room: room, name: "alice", tone: 440)
        _ = try await Calls.waitFor(alice, "alice joins") { $0.phase == .joined }
        let bob = try Calls.start(port: server.port, room: room, name: "bob", tone: 660)
        for call in [alice, bob] {
            _ = try await Calls.waitFor(call, "connected with audio") {
                $0.peers.first?.media.connectionState == .connected && $0.peers.first?.firstAudioAt != nil
            }
        }

        for (restarting, other) in [(bob, alice), (alice, bob)] {
            let before = await restarting.orchestrator.currentState.log.count
            let otherLogBefore = await other.orchestrator.currentState.log.count
            await restarting.orchestrator.restartConnections()
            let state = try await Calls.waitFor(restarting, "the restart is logged and connected again") { state in
                state.log.dropFirst(before).contains { $0.text.contains("ICE restart") }
                    && state.log.dropFirst(before).contains { $0.text.hasPrefix("Connected to") }
                    && state.peers.first?.media.connectionState == .connected
            }
            #expect(state.peers.count == 1)
            let otherState = try await Calls.waitFor(other, "the other side is connected too") {
                $0.peers.first?.media.connectionState == .connected && $0.log.count > otherLogBefore
            }
            // Nobody left or joined: the same connection, restarted.
            #expect(!otherState.log.dropFirst(otherLogBefore).contains { $0.kind == .leave || $0.kind == .join })
        }
        let aliceView = await alice.orchestrator.currentState
        let bobView = await bob.orchestrator.currentState
        #expect(aliceView.peers.first?.role == .offerer)
        #expect(bobView.peers.first?.role == .answerer)

        // Audio still flows both ways after both restarts.
        try await Task.sleep(for: .seconds(1.5))
        let aliceHeard = DominantFrequency.estimate(Array(alice.sink.recorded.suffix(48_000)))
        let bobHeard = DominantFrequency.estimate(Array(bob.sink.recorded.suffix(48_000)))
        #expect(aliceHeard.map { abs($0 - 660) < 13 } == true, "alice heard \(String(describing: aliceHeard))")
        #expect(bobHeard.map { abs($0 - 440) < 9 } == true, "bob heard \(String(describing: bobHeard))")

        for call in [alice, bob] {
            call.orchestrator.leave()
            _ = await call.run.value
        }
    }
}
