/// The DTLS record layer framing (RFC 6347 §4.1) as far as the transport needs it: to find
/// record boundaries in what OpenSSL wrote, and to tell DTLS datagrams apart (RFC 7983 §7).
enum DTLSRecord {
    /// content type (1), version (2), epoch (2), sequence number (6), length (2).
    static let headerLength = 13

    /// RFC 7983 §7: a first byte of 20 to 63 on a shared port means DTLS.
    static func isDTLS(firstByte: UInt8) -> Bool {
        (20...63).contains(firstByte)
    }

    /// Splits back-to-back records into one slice each. Bytes that do not form a whole record
    /// (which OpenSSL never writes) come out as one last slice rather than being lost.
    static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var records: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let remaining = bytes.endIndex - start
            guard remaining >= headerLength else { break }
            let length = Int(bytes[start + 11]) << 8 | Int(bytes[start + 12])
            guard length <= remaining - headerLength else { break }
            let end = start + headerLength + length
            records.append(bytes[start..<end])
            start = end
        }
        if start < bytes.endIndex {
            records.append(bytes[start...])
        }
        return records
    }

    /// Packs consecutive records into datagrams of at most `mtu` bytes, in order. A record
    /// larger than `mtu` (OpenSSL keeps them within the link MTU it was given) goes alone.
    static func datagrams(from bytes: [UInt8], mtu: Int) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        var current: [UInt8] = []
        for record in split(bytes) {
            if !current.isEmpty, current.count + record.count > mtu {
                datagrams.append(current)
                current = []
            }
            current.append(contentsOf: record)
        }
        if !current.isEmpty {
            datagrams.append(current)
        }
        return datagrams
    }
}
