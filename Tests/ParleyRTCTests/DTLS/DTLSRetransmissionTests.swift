import Testing
@testable import ParleyRTC

/// OpenSSL's retransmission timer runs on the real clock, so these tests wait real time,
/// kept short by a 50 ms initial timeout.
@Suite("DTLS retransmission")
struct DTLSRetransmissionTests {
    @Test("a lost server flight is recovered by retransmission", .timeLimit(.minutes(1)))
    func lostServerFlight() async throws {
        let link = try DTLSTestLink.make(initialRetransmitTimeout: .milliseconds(50))
        let clock = ContinuousClock()
        let started = clock.now
        var dropped = 0
        var droppingDone = false
        let dropFirstServerFlight: (DTLSTransport.Role, [UInt8]) -> Bool = { from, _ in
            guard from == .server, !droppingDone else {
                if from == .client, dropped > 0 { droppingDone = true }
                return false
            }
            dropped += 1
            return true
        }
        link.client.start(now: clock.now)
        link.exchange(drop: dropFirstServerFlight)
        #expect(dropped > 0)
        #expect(!link.isConnected)
        #expect(link.client.nextDeadline != nil)

        try await link.runUntilConnected(limit: .seconds(5), drop: dropFirstServerFlight)

        #expect(link.isConnected)
        // One 50 ms timeout recovers it; the bound only leaves room for a loaded machine.
        #expect(clock.now - started < .seconds(5))
        let client = try #require(DTLSTestLink.connectedKeys(link.clientEvents).first)
        let server = try #require(DTLSTestLink.connectedKeys(link.serverEvents).first)
        #expect(client.0.localMasterKey == server.0.remoteMasterKey)
        // The ClientHello went out at least twice.
        let clientHellos = link.sent.filter { $0.from == .client && DTLSTestRecord.parse($0.bytes)?.first?.handshakeType == 1 }
        #expect(clientHellos.count >= 2)
    }

    @Test("a lost final flight from the server is resent when the client's Finished comes again", .timeLimit(.minutes(1)))
    func lostFinalFlight() async throws {
        let link = try DTLSTestLink.make(initialRetransmitTimeout: .milliseconds(50))
        var serverBatches = 0
        var droppingFinal = true
        // The server's second output carries ChangeCipherSpec (content type 20) and Finished.
        let dropServerFinished: (DTLSTransport.Role, [UInt8]) -> Bool = { from, datagram in
            guard from == .server, droppingFinal else { return false }
            if DTLSTestRecord.parse(datagram)?.contains(where: { $0.contentType == 20 }) == true {
                serverBatches += 1
                droppingFinal = false
                return true
            }
            return false
        }
        link.client.start(now: .now)
        link.exchange(drop: dropServerFinished)
        #expect(serverBatches == 1)
        #expect(link.server.state == .connected)
        #expect(link.client.state == .connecting)

        try await link.runUntilConnected(limit: .seconds(5), drop: dropServerFinished)
        #expect(link.isConnected)
    }

    /// A late flight makes the client repeat its ClientHello in the same datagram as its next
    /// flight; OpenSSL alone would drop everything after the repeated record.
    @Test("a repeated record packed before the next flight does not hide that flight", .timeLimit(.minutes(1)))
    func retransmissionPackedWithNextFlight() async throws {
        let link = try DTLSTestLink.make(initialRetransmitTimeout: .milliseconds(20))
        let clock = ContinuousClock()
        link.client.start(now: clock.now)
        let clientHello = try #require(link.client.pollTransmit())
        link.server.handleDatagram(clientHello, now: clock.now)
        var serverFlight: [[UInt8]] = []
        while let datagram = link.server.pollTransmit() { serverFlight.append(datagram) }
        // Both timers expire before the flight arrives.
        try await clock.sleep(for: .milliseconds(60))
        for datagram in serverFlight { link.client.handleDatagram(datagram, now: clock.now) }
        let clientFlight = try #require(link.client.pollTransmit())
        let records = try #require(DTLSTestRecord.parse(clientFlight))
        try #require(records.first?.handshakeType == 1, "the client repeated its ClientHello first")
        try #require(records.contains { $0.contentType == 20 }, "and packed its ChangeCipherSpec after it")

        link.server.handleDatagram(clientFlight, now: clock.now)
        #expect(link.server.state == .connected)
        link.exchange(now: clock.now)
        #expect(link.isConnected)
    }

    @Test("a handleTimeout before OpenSSL's timer expired sends nothing and keeps the deadline ahead")
    func earlyTimeout() throws {
        let link = try DTLSTestLink.make(initialRetransmitTimeout: .seconds(5))
        let now = ContinuousClock.now
        link.client.start(now: now)
        #expect(link.client.pollTransmit() != nil)
        link.client.handleTimeout(now: now)
        #expect(link.client.pollTransmit() == nil)
        let deadline = try #require(link.client.nextDeadline)
        #expect(deadline > now + .seconds(4))
        #expect(link.client.state == .connecting)
    }

    @Test("the timer doubles from its initial value and stops at 60 s (RFC 6347 §4.2.4.1)")
    func backoffSchedule() throws {
        let certificate = try DTLSTestCertificates.make()
        let connection = try OpenSSLConnection(
            context: certificate.context, isClient: true, mtu: 1200, srtpProfiles: "SRTP_AES128_CM_SHA1_80",
            initialTimeoutMicroseconds: 100_000)
        var schedule: [UInt32] = []
        var previous: UInt32 = 0
        for _ in 0..<14 {
            previous = connection.nextRetransmitTimeout(after: previous)
            schedule.append(previous)
        }
        #expect(Array(schedule.prefix(4)) == [100_000, 200_000, 400_000, 800_000])
        #expect(schedule.last == UInt32(DTLSTransport.maximumRetransmitTimeout.components.seconds * 1_000_000))
        #expect(zip(schedule, schedule.dropFirst()).allSatisfy { $0 <= $1 })
    }
}
