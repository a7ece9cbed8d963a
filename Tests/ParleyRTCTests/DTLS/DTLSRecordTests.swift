import Testing
@testable import ParleyRTC

@Suite("DTLS record framing of OpenSSL's output")
struct DTLSRecordTests {
    /// A record header (RFC 6347 §4.1) and `length` body bytes tagged with `marker`.
    private func record(_ length: Int, marker: UInt8) -> [UInt8] {
        [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, marker, UInt8(length >> 8), UInt8(length & 0xFF)]
            + [UInt8](repeating: marker, count: length)
    }

    @Test("records are packed whole into datagrams up to the MTU, in order")
    func packing() {
        // 713 + 613 bytes exceed 1200; 613 + 93 do not; 1200 fills a datagram alone.
        let records = [record(700, marker: 1), record(600, marker: 2), record(80, marker: 3), record(1187, marker: 4)]
        let datagrams = DTLSRecord.datagrams(from: records.flatMap { $0 }, mtu: 1200)
        #expect(datagrams.map(\.count) == [713, 706, 1200])
        #expect(datagrams == [records[0], records[1] + records[2], records[3]], "records stay whole and in order")
        #expect(datagrams.allSatisfy { $0.count <= 1200 })
    }

    @Test("a record above the MTU travels alone rather than being cut")
    func oversized() {
        let records = [record(10, marker: 1), record(1300, marker: 2), record(10, marker: 3)]
        let datagrams = DTLSRecord.datagrams(from: records.flatMap { $0 }, mtu: 1200)
        #expect(datagrams.map(\.count) == [23, 1313, 23])
        #expect(datagrams == records, "records stay whole and in order")
    }

    @Test("bytes that are no whole record are kept, not lost", arguments: [1, 12, 13, 40])
    func trailingBytes(count: Int) {
        let whole = record(20, marker: 7)
        let partial = Array(record(100, marker: 8).prefix(count))
        #expect(DTLSRecord.split(whole + partial).map { Array($0) } == [whole, partial])
    }

    @Test("RFC 7983 §7 first-byte ranges")
    func demultiplexing() {
        #expect((0...255).filter { DTLSTransport.isDTLS(firstByte: UInt8($0)) } == Array(20...63))
    }
}
