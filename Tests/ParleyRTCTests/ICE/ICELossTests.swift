import ParleyRTC
import Testing

@Suite("ICE agent: loss and reordering")
struct ICELossTests {
    /// 10 % loss each way, 20 to 80 ms delay so datagrams overtake each other, 40 seeds.
    @Test("connects through 10 % loss and reordering within 5 s of virtual time")
    func lossyNetwork() throws {
        var lost = 0, reordered = 0
        var slowest: Duration = .zero
        for seed in UInt64(1)...40 {
            let bed = ICETestBed(seed: seed)
            bed.network.lossRate = 0.10
            bed.network.delay = .milliseconds(20)
            bed.network.jitter = .milliseconds(60)
            bed.addPeer("offerer", role: .controlling, addresses: ["10.0.0.1:5000", "[fd00::1]:5000"])
            bed.addPeer("answerer", role: .controlled, addresses: ["10.0.0.2:6000", "[fd00::2]:6000"])
            bed.start()
            let connected = bed.run(for: .seconds(5)) { $0.bothConnected }
            #expect(connected, "seed \(seed)")
            #expect(bed.selectedPairsMatch, "seed \(seed)")
            if let a = bed.stateTime(0, .connected), let b = bed.stateTime(1, .connected) {
                slowest = max(slowest, a, b)
            }
            // Keep it running a while: consent checks on a lossy path must not fail it.
            bed.run(for: .seconds(60))
            #expect(bed.peers.allSatisfy { $0.agent.connectionState.isConnected }, "seed \(seed)")
            lost += bed.network.lostCount
            reordered += bed.network.reorderedCount
        }
        // The network really did lose and reorder.
        #expect(lost > 50 && reordered > 50)
        #expect(slowest < .seconds(5))
    }
}
