@testable import ParleyAudio
import Testing

@Suite("Sample ring buffer")
struct SampleRingBufferTests {
    @Test("Samples come out in order across many wrap-arounds, and a full ring refuses the excess")
    func orderAndCapacity() {
        let ring = SampleRingBuffer(minimumCapacity: 1000)
        #expect(ring.capacity == 1024)
        var next: Int16 = 0
        var expected: Int16 = 0
        // Sizes that do not divide the capacity, so copies straddle the end of storage.
        let writeSizes = [7, 480, 333, 960, 1, 1100]
        let readSizes = [500, 13, 960, 2, 700]
        for round in 0..<400 {
            let wanted = writeSizes[round % writeSizes.count]
            let free = ring.freeCount
            let source = (0..<wanted).map { next &+ Int16(truncatingIfNeeded: $0) }
            let accepted = source.withUnsafeBufferPointer { ring.write($0) }
            #expect(accepted == min(wanted, free))
            next = next &+ Int16(truncatingIfNeeded: accepted)
            #expect(ring.count + ring.freeCount == ring.capacity)

            var destination = [Int16](repeating: -1, count: readSizes[round % readSizes.count])
            let got = destination.withUnsafeMutableBufferPointer { ring.read(into: $0) }
            for sample in destination[..<got] {
                #expect(sample == expected)
                expected = expected &+ 1
            }
        }
        #expect(expected != 0)
    }

    @Test("Discarding keeps the newest samples")
    func discardKeepsNewest() {
        let ring = SampleRingBuffer(minimumCapacity: 64)
        let source = (0..<50).map { Int16($0) }
        #expect(source.withUnsafeBufferPointer { ring.write($0) } == 50)
        #expect(ring.discard(keepingNewest: 10) == 40)
        #expect(ring.discard(keepingNewest: 10) == 0)
        var destination = [Int16](repeating: 0, count: 64)
        let got = destination.withUnsafeMutableBufferPointer { ring.read(into: $0) }
        #expect(Array(destination[..<got]) == (40..<50).map { Int16($0) })
    }
}
