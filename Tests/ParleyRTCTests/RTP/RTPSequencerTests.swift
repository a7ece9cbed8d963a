import Testing
@testable import ParleyRTC
import ParleyTestSupport

@Suite("RTP sequencer")
struct RTPSequencerTests {
    @Test("each packet takes the next sequence number; the timestamp advances by its samples")
    func numbering() throws {
        var sequencer = RTPSequencer(ssrc: 0xABCD, payloadType: 111, initialSequenceNumber: 100, initialTimestamp: 5000)
        let first = sequencer.next(payload: [1], samples: 960, marker: true)
        let second = sequencer.next(payload: [2], samples: 480)
        let third = sequencer.next(payload: [3], samples: 960)
        #expect([first.sequenceNumber, second.sequenceNumber, third.sequenceNumber] == [100, 101, 102])
        #expect([first.timestamp, second.timestamp, third.timestamp] == [5000, 5960, 6440])
        #expect(first.marker && !second.marker && !third.marker)
        #expect([first, second, third].allSatisfy { $0.ssrc == 0xABCD && $0.payloadType == 111 })
        #expect(third.payload == [3])
        #expect(sequencer.sequenceNumber == 103)
        #expect(sequencer.timestamp == 7400)
        #expect(try RTPPacket(parsing: second.serialized()) == second)
    }

    @Test("sequence number and timestamp wrap around")
    func wrapAround() {
        var sequencer = RTPSequencer(ssrc: 1, payloadType: 111, initialSequenceNumber: 65534, initialTimestamp: .max - 959)
        let packets = (0..<3).map { _ in sequencer.next(payload: [0], samples: 960) }
        #expect(packets.map(\.sequenceNumber) == [65534, 65535, 0])
        #expect(packets.map(\.timestamp) == [.max - 959, 0, 960])
    }

    @Test("skipping time (DTX) moves the timestamp but not the sequence number")
    func skip() {
        var sequencer = RTPSequencer(ssrc: 1, payloadType: 111, initialSequenceNumber: 10, initialTimestamp: 0)
        _ = sequencer.next(payload: [0], samples: 960)
        sequencer.skip(samples: 960 * 5)
        let after = sequencer.next(payload: [0], samples: 960, marker: true)
        #expect(after.sequenceNumber == 11)
        #expect(after.timestamp == 960 * 6)
    }

    @Test("initial sequence number and timestamp are random; the sequence number starts below 2^15")
    func randomStart() {
        var seen = Set<UInt16>()
        var timestamps = Set<UInt32>()
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let sequencer = RTPSequencer(ssrc: 9, payloadType: 111, using: &generator)
            #expect((1..<0x8000).contains(sequencer.sequenceNumber))
            seen.insert(sequencer.sequenceNumber)
            timestamps.insert(sequencer.timestamp)
        }
        #expect(seen.count > 190)
        #expect(timestamps.count > 190)
        #expect(timestamps.contains { $0 > UInt32.max / 2 }, "timestamps use the whole 32-bit range")
        let system = RTPSequencer(ssrc: 9, payloadType: 111)
        #expect((1..<0x8000).contains(system.sequenceNumber))
    }
}
