import Testing
import ParleyAudio

/// The jitter buffer behind a simulated network, in virtual time; every figure is measured.
@Suite("Jitter buffer over a simulated network")
struct JitterBufferNetworkTests {
    static let tone = VirtualNetwork.tonePackets

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func expectTone(_ audio: [Float], _ comment: String) {
        let frequency = AudioTestSignals.dominantFrequency(audio)
        #expect(abs(frequency - VirtualNetwork.toneFrequency) <= 9, "\(comment): dominant \(frequency) Hz")
    }

    @Test("no loss, no jitter: nothing concealed, delay settles at or below 60 ms, the tone intact")
    func clean() throws {
        try #require(Self.tone.count == 3000)
        let result = try VirtualNetwork(payloads: Self.tone, seconds: 10).run()
        let final = result.final
        #expect(result.wrongLengthFrames == 0)
        #expect(final.concealedMilliseconds == 0)
        #expect(final.forwardErrorCorrectionRecoveredPackets == 0)
        #expect(final.latePackets == 0 && final.discardedPackets == 0)
        #expect(final.packetsReceived == result.delivered && result.delivered >= 495)
        let steady = result.pulls(from: 2).map { result.delays[$0] }
        let mean = steady.reduce(0, +) / Double(steady.count)
        #expect(mean <= 60 && (steady.max() ?? .infinity) <= 75, "mean \(mean) ms, max \(steady.max() ?? 0) ms")
        #expect(result.longestSilence(from: 0.2) == 0)
        Self.expectTone(result.audio(from: 5, seconds: 0.1), "clean")
        print("clean: delay mean \(mean) max \(steady.max() ?? 0) target \(final.targetDelayMilliseconds) stretch -\(final.timeStretchDeletions)/+\(final.timeStretchInsertions)")
    }

    @Test("two pulls per 20 ms wake, as the call's audio clock does, at any phase to the sender: the low point of the delay settles near one packet",
          arguments: [0.0, 2.5, 9.0, 10.0, 17.5])
    func wakeCadence(phase: Double) throws {
        let result = try VirtualNetwork(payloads: Self.tone, seconds: 12, seed: 3, baseDelayMilliseconds: 0.2,
                                        jitterMilliseconds: 1, pullsPerWake: 2, wakePhaseMilliseconds: phase).run()
        let settled = result.statistics(atSecond: 2)
        let final = result.final
        #expect(final.concealedMilliseconds - settled.concealedMilliseconds == 0)
        #expect(final.latePackets - settled.latePackets == 0)
        let lows = result.lowPoints(from: 8)
        let mean = lows.reduce(0, +) / Double(lows.count)
        // What a 20 ms cadence needs: the next packet in hand when one is due (so that FEC can
        // stand in for a lost one), the 2 ms of spread, give or take one time-stretch step.
        let packet = 20.0, spread = 2.0, step = 10.0
        #expect(mean >= packet - step && mean <= packet + spread + step, "mean low point \(mean) ms")
        #expect((lows.max() ?? .infinity) <= packet + spread + 2 * step, "max low point \(lows.max() ?? 0) ms")
        Self.expectTone(result.audio(from: 10, seconds: 0.1), "phase \(phase)")
        print("wake phase \(phase): low point mean \(mean) max \(lows.max() ?? 0) target \(final.targetDelayMilliseconds) stretch -\(final.timeStretchDeletions)/+\(final.timeStretchInsertions)")
    }

    @Test("the first packets, queued behind the connection's setup and read in one burst, are not taken for jitter")
    func burstBeforePlayOut() throws {
        // Packets 0–3 reach the receiver together, as when its DTLS finished 60 ms after the sender's.
        let result = try VirtualNetwork(payloads: Self.tone, seconds: 10, baseDelayMilliseconds: 0.2,
                                        extraDelay: [0: 60, 1: 40, 2: 20], pullsPerWake: 2,
                                        wakePhaseMilliseconds: 5).run()
        let final = result.final
        let initial = Self.milliseconds(JitterBuffer.Configuration().initialTargetDelay)
        #expect((result.targets.max() ?? .infinity) <= initial, "target rose to \(result.targets.max() ?? 0) ms")
        #expect(final.concealedMilliseconds == 0 && final.latePackets == 0 && final.discardedPackets == 0)
        let lows = result.lowPoints(from: 6)
        let mean = lows.reduce(0, +) / Double(lows.count)
        // One packet in hand and one time-stretch step, as on a path that never had the burst.
        #expect(mean <= 20 + 10, "mean low point \(mean) ms")
        #expect(result.longestSilence(from: 0.2) == 0)
        print("burst before play-out: low point mean \(mean) target \(final.targetDelayMilliseconds) stretch -\(final.timeStretchDeletions)/+\(final.timeStretchInsertions)")
    }

    @Test("±30 ms jitter with reordering: the target grows to cover it and late packets stop")
    func jitter() throws {
        let result = try VirtualNetwork(payloads: Self.tone, seconds: 30, seed: 7, jitterMilliseconds: 30).run()
        let settled = result.statistics(atSecond: 10)
        let final = result.final
        #expect(settled.targetDelayMilliseconds >= 60, "target \(settled.targetDelayMilliseconds) ms")
        #expect(final.latePackets - settled.latePackets == 0)
        #expect(final.concealedMilliseconds - settled.concealedMilliseconds == 0)
        #expect(final.discardedPackets == 0)
        let delays = result.pulls(from: 10).map { result.delays[$0] }
        #expect((delays.max() ?? .infinity) <= 200, "max delay \(delays.max() ?? 0) ms")
        #expect(result.longestSilence(from: 1) == 0)
        Self.expectTone(result.audio(from: 20, seconds: 0.1), "jitter")
        print("jitter: target \(final.targetDelayMilliseconds) delay max \(delays.max() ?? 0) late \(final.latePackets) (by 10 s \(settled.latePackets)) concealed \(final.concealedMilliseconds) ms stretch -\(final.timeStretchDeletions)/+\(final.timeStretchInsertions)")
    }

    @Test("random loss: FEC rebuilds the last packet of each loss run, PLC the rest", arguments: [0.05, 0.10, 0.20])
    func randomLoss(probability: Double) throws {
        let result = try VirtualNetwork(payloads: Self.tone, seconds: 20, seed: 42, lossProbability: probability).run()
        let final = result.final
        let (lost, runs) = result.lossRuns
        #expect(lost > Int(Double(1000) * probability * 0.6))
        let recovered = final.forwardErrorCorrectionRecoveredPackets
        #expect(recovered > 0 && recovered <= runs && Double(recovered) >= 0.9 * Double(runs),
                "FEC \(recovered) of \(runs) runs")
        let lostToConceal = Double(lost - runs) * 20
        #expect(final.concealedMilliseconds <= lostToConceal + 60,
                "concealed \(final.concealedMilliseconds) ms for \(lost - runs) packets beyond FEC")
        #expect(result.longestSilence(from: 0.5) <= 100)
        let delays = result.pulls(from: 2).map { result.delays[$0] }
        #expect((delays.max() ?? .infinity) <= 150)
        Self.expectTone(result.audio(from: 10, seconds: 0.1), "loss \(probability)")
        print("loss \(probability): lost \(lost) runs \(runs) FEC \(recovered) concealed \(final.concealedMilliseconds) ms (\(final.concealedPackets) packets) late \(final.latePackets) delay max \(delays.max() ?? 0) target \(final.targetDelayMilliseconds)")
    }

    @Test("±30 ms jitter and 10 % loss together: FEC still works, concealment bounded")
    func jitterAndLoss() throws {
        let result = try VirtualNetwork(payloads: Self.tone, seconds: 20, seed: 5, lossProbability: 0.1,
                                        jitterMilliseconds: 30).run()
        let final = result.final
        let (lost, runs) = result.lossRuns
        #expect(final.forwardErrorCorrectionRecoveredPackets >= runs / 2)
        #expect(final.concealedMilliseconds <= Double(lost) * 20)
        #expect(result.longestSilence(from: 1) <= 100)
        print("jitter+loss: lost \(lost) runs \(runs) FEC \(final.forwardErrorCorrectionRecoveredPackets) concealed \(final.concealedMilliseconds) ms late \(final.latePackets) target \(final.targetDelayMilliseconds)")
    }

    @Test("a burst of 5 lost packets: 4 concealed, 1 from FEC, no silence, the tone resumes")
    func burst() throws {
        let result = try VirtualNetwork(payloads: Self.tone, seconds: 6, lostIndices: Set(200..<205)).run()
        let final = result.final
        #expect(final.forwardErrorCorrectionRecoveredPackets == 1)
        #expect(final.concealedPackets == 4)
        #expect(final.concealedMilliseconds >= 80 && final.concealedMilliseconds <= 90)
        #expect(result.longestSilence(from: 0.2) <= 80)
        Self.expectTone(result.audio(from: 4.3, seconds: 0.1), "after the burst")
        print("burst: concealed \(final.concealedMilliseconds) ms FEC \(final.forwardErrorCorrectionRecoveredPackets) longest silence \(result.longestSilence(from: 0.2)) ms")
    }

    @Test("sender clock 1 % fast or slow: time-stretching keeps the delay within 40 ms of the target",
          arguments: [1.01, 0.99])
    func clockDrift(rate: Double) throws {
        let result = try VirtualNetwork(payloads: Self.tone, seconds: rate > 1 ? 59 : 60, senderClockRate: rate).run()
        let final = result.final
        let worst = result.pulls(from: 3).map { abs(result.delays[$0] - result.targets[$0]) }.max() ?? .infinity
        #expect(worst <= 40, "worst distance from target \(worst) ms")
        if rate > 1 {
            #expect(final.timeStretchDeletedMilliseconds >= 400)
        } else {
            #expect(final.timeStretchInsertedMilliseconds >= 400)
        }
        #expect(final.concealedMilliseconds <= 40)
        #expect(result.longestSilence(from: 0.5) == 0)
        Self.expectTone(result.audio(from: 50, seconds: 0.1), "drift \(rate)")
        print("drift \(rate): worst |delay-target| \(worst) ms, deleted \(final.timeStretchDeletedMilliseconds) ms in \(final.timeStretchDeletions), inserted \(final.timeStretchInsertedMilliseconds) ms in \(final.timeStretchInsertions), concealed \(final.concealedMilliseconds) ms, target \(final.targetDelayMilliseconds)")
    }

    @Test("duplicates are dropped and counted; a packet 500 ms late is counted late and discarded")
    func duplicatesAndLate() throws {
        let result = try VirtualNetwork(payloads: Self.tone, seconds: 10, duplicateEvery: 10,
                                        extraDelay: [301: 500]).run()
        let final = result.final
        #expect(final.duplicatePackets == result.deliveredCopies && result.deliveredCopies >= 49)
        #expect(final.latePackets == 1)
        #expect(final.discardedPackets == final.duplicatePackets + 1)
        #expect(final.forwardErrorCorrectionRecoveredPackets == 1)
        #expect(final.packetsReceived == result.delivered)
        #expect(result.longestSilence(from: 0.2) == 0)
    }

    @Test("a new SSRC with new sequence numbers and timestamps restarts the stream")
    func ssrcChange() throws {
        let result = try VirtualNetwork(payloads: Self.tone, seconds: 8, ssrcChangeIndex: 250).run()
        let final = result.final
        #expect(final.streamResets == 1)
        #expect(final.concealedMilliseconds == 0 && final.discardedPackets == 0)
        #expect(result.longestSilence(from: 0.2) <= 60)
        Self.expectTone(result.audio(from: 7, seconds: 0.1), "after the SSRC change")
    }

    @Test("DTX: a pause in sending plays silence without loss and the delay returns to the target")
    func discontinuousTransmission() throws {
        let encoder = try OpusEncoder(configuration: .init(packetLossPercentage: 10, discontinuousTransmission: true))
        var payloads: [[UInt8]] = [], offsets: [Int] = []
        for index in 0..<350 {
            let talking = index < 100 || index >= 250
            let pcm = talking ? AudioTestSignals.tone(frequency: 440, samples: 960, start: index * 960)
                              : [Int16](repeating: 0, count: 960)
            let packet = try encoder.encode(pcm)
            // What browsers do: a packet of 1–2 octets is DTX and is not sent.
            guard packet.count > 2 else { continue }
            payloads.append(packet)
            offsets.append(index * 960)
        }
        try #require(payloads.count < 300, "DTX left \(payloads.count) of 350 packets")
        let result = try VirtualNetwork(payloads: payloads, seconds: 7, mediaOffsets: offsets).run()
        let final = result.final
        #expect(final.concealedMilliseconds <= 20)
        #expect(final.comfortSilenceMilliseconds >= 1000)
        #expect(final.forwardErrorCorrectionRecoveredPackets == 0 && final.latePackets == 0)
        let delays = result.pulls(from: 5.5).map { abs(result.delays[$0] - result.targets[$0]) }
        #expect((delays.max() ?? .infinity) <= 40)
        Self.expectTone(result.audio(from: 6, seconds: 0.1), "after DTX")
        print("dtx: sent \(payloads.count) concealed \(final.concealedMilliseconds) ms silence \(final.comfortSilenceMilliseconds) ms")
    }
}
