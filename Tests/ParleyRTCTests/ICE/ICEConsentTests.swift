import ParleyRTC
import Testing

@Suite("ICE agent: consent freshness (RFC 7675) and liveness")
struct ICEConsentTests {
    private func connectedBed(seed: UInt64) -> ICETestBed {
        let bed = ICETestBed(seed: seed)
        bed.addPeer("offerer", role: .controlling, addresses: ["10.0.0.1:5000"])
        bed.addPeer("answerer", role: .controlled, addresses: ["10.0.0.2:6000"])
        bed.start()
        #expect(bed.run(for: .seconds(5)) { $0.bothConnected })
        return bed
    }

    @Test("consent checks go out every 4 to 6 s, randomised, each a new transaction")
    func consentInterval() throws {
        let bed = connectedBed(seed: 21)
        let connectedAt = bed.elapsed
        bed.run(for: .seconds(120))
        #expect(bed.peers.allSatisfy { $0.agent.connectionState == .completed })
        let checks = bed.stunLog().filter {
            $0.message.type == .bindingRequest && $0.entry.source == TransportAddress("10.0.0.1:5000") && $0.entry.sentAt > connectedAt
        }
        let ids = checks.map(\.message.transactionID)
        #expect(Set(ids).count == ids.count)  // no loss: no retransmission either
        let gaps = zip(checks, checks.dropFirst()).map { $1.entry.sentAt - $0.entry.sentAt }
        #expect(gaps.count >= 19)
        #expect(gaps.allSatisfy { $0 >= .seconds(4) && $0 <= .seconds(6) })
        #expect(Set(gaps).count > gaps.count / 2)  // randomised, not a fixed period
        // Consent checks are signed like connectivity checks.
        let password = Array(bed.peers[1].agent.localCredentials.password.utf8)
        #expect(checks.allSatisfy { $0.message.verifyIntegrity(key: password) && $0.message.verifyFingerprint() })
    }

    @Test("a silent peer: disconnected after about 8 s, failed with consent expired at 30 s")
    func consentExpires() throws {
        let bed = connectedBed(seed: 22)
        bed.run(for: .seconds(17))
        let silencedAt = bed.elapsed
        // The last response before the silence.
        let lastResponse = try #require(bed.network.log.last {
            $0.delivered && $0.destination == TransportAddress("10.0.0.1:5000")
                && (try? STUNMessage.decode($0.bytes))?.type == .bindingSuccessResponse
        }).sentAt
        bed.network.silenced = [IPAddress("10.0.0.2")!]
        bed.run(for: .seconds(40))
        let disconnectedAt = try #require(bed.stateTime(0, .disconnected))
        let failedAt = try #require(bed.stateTime(0, .failed(.consentExpired)))
        #expect(bed.peers[0].agent.connectionState == .failed(.consentExpired))
        #expect(ICEFailureReason.consentExpired.description == "consent expired")
        #expect(disconnectedAt > silencedAt && disconnectedAt - silencedAt <= ICETiming.disconnectedTimeout)
        // 30 s after the last response was received (20 ms network delay).
        #expect(failedAt - (lastResponse + .milliseconds(20)) == ICETiming.consentTimeout)
        // Nothing goes out once consent is lost (RFC 7675 §5.1).
        #expect(!bed.network.log.contains { $0.sentAt > failedAt && $0.source == TransportAddress("10.0.0.1:5000") })
        #expect(bed.peers[0].agent.nextDeadline == nil)
    }

    @Test("traffic resuming before 30 s brings the agent back to connected")
    func recovers() throws {
        let bed = connectedBed(seed: 23)
        bed.run(for: .seconds(10))
        bed.network.silenced = [IPAddress("10.0.0.2")!]
        #expect(bed.run(for: .seconds(12)) { $0.peers[0].agent.connectionState == .disconnected })
        bed.run(for: .seconds(8))
        bed.network.silenced = []
        let resumedAt = bed.elapsed
        #expect(bed.run(for: .seconds(7)) { $0.peers[0].agent.connectionState.isConnected })
        #expect(bed.elapsed - resumedAt <= .seconds(6))
        bed.run(for: .seconds(60))
        #expect(bed.peers.allSatisfy { $0.agent.connectionState.isConnected })
        #expect(bed.stateTime(0, .failed(.consentExpired)) == nil)
    }

    @Test("media counts for liveness but not for consent")
    func mediaIsNotConsent() throws {
        let bed = connectedBed(seed: 24)
        bed.network.silenced = [IPAddress("10.0.0.2")!]
        let silencedAt = bed.elapsed
        // The driver reports media from the peer once a second, yet no response arrives.
        for _ in 0..<40 {
            bed.run(for: .seconds(1))
            bed.peers[0].agent.noteIncomingTraffic(now: bed.now)
        }
        #expect(bed.stateTime(0, .disconnected) == nil)
        let failedAt = try #require(bed.stateTime(0, .failed(.consentExpired)))
        #expect(failedAt - silencedAt <= ICETiming.consentTimeout)
    }

    @Test("the peer's own checks keep a connected agent from disconnected")
    func incomingChecksAreLiveness() throws {
        let bed = connectedBed(seed: 25)
        // Only the offerer's datagrams vanish: it gets no responses, but the answerer's
        // consent checks still reach it.
        bed.network.mutedSenders = [IPAddress("10.0.0.1")!]
        bed.run(for: .seconds(25))
        #expect(bed.stateTime(0, .disconnected) == nil)
        #expect(bed.peers[0].agent.connectionState.isConnected)
        // The answerer hears nothing at all and goes disconnected.
        #expect(bed.stateTime(1, .disconnected) != nil)
        // Liveness is not consent: without responses the offerer loses consent at 30 s.
        #expect(bed.run(for: .seconds(10)) { $0.peers[0].agent.connectionState == .failed(.consentExpired) })
    }
}
