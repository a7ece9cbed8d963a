/// SDES: source description (RFC 3550 §6.5). WebRTC sends one chunk per sending SSRC with just
/// a CNAME, which ties the SSRC to its `a=ssrc:<n> cname:<c>` line in the SDP.
public struct RTCPSourceDescription: Sendable, Hashable {
    /// The 5-bit count field limits one SDES packet to 31 chunks.
    public static let maximumChunks = 31

    /// The SDES item types of RFC 3550 §12.2.
    public struct ItemType: RawRepresentable, Sendable, Hashable {
        public var rawValue: UInt8

        public init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        public static let cname = ItemType(rawValue: 1)
        public static let name = ItemType(rawValue: 2)
        public static let email = ItemType(rawValue: 3)
        public static let phone = ItemType(rawValue: 4)
        public static let location = ItemType(rawValue: 5)
        public static let tool = ItemType(rawValue: 6)
        public static let note = ItemType(rawValue: 7)
        public static let privateExtension = ItemType(rawValue: 8)
    }

    /// One item. Values are octets (UTF-8 text for all but PRIV, whose value has its own
    /// prefix structure), so that what a peer sent is kept exactly.
    public struct Item: Sendable, Hashable {
        public var type: ItemType
        /// At most 255 octets.
        public var value: [UInt8]

        public init(type: ItemType, value: [UInt8]) {
            self.type = type
            self.value = value
        }

        public init(type: ItemType, text: String) {
            self.init(type: type, value: Array(text.utf8))
        }

        /// The value as text; invalid UTF-8 is replaced, not rejected.
        public var text: String {
            String(decoding: value, as: UTF8.self)
        }
    }

    /// The items describing one SSRC or CSRC.
    public struct Chunk: Sendable, Hashable {
        public var source: UInt32
        public var items: [Item]

        public init(source: UInt32, items: [Item]) {
            self.source = source
            self.items = items
        }

        public var cname: String? {
            items.first { $0.type == .cname }?.text
        }
    }

    /// At most `maximumChunks`.
    public var chunks: [Chunk]

    public init(chunks: [Chunk]) {
        self.chunks = chunks
    }

    /// One chunk with one CNAME item: what WebRTC endpoints send.
    public init(ssrc: UInt32, cname: String) {
        self.init(chunks: [Chunk(source: ssrc, items: [Item(type: .cname, text: cname)])])
    }

    /// The CNAME given for `ssrc`, if any.
    public func cname(for ssrc: UInt32) -> String? {
        chunks.first { $0.source == ssrc }?.cname
    }

    init?(count: Int, body: [UInt8]) {
        var reader = RTPByteReader(body)
        var chunks: [Chunk] = []
        for _ in 0..<count {
            guard let source = reader.readUInt32() else { return nil }
            var items: [Item] = []
            // The end of the packet also ends the last chunk: a missing terminator is forgiven.
            while let type = reader.readUInt8() {
                if type == 0 {
                    // A null item ends the list; null octets then pad to the next 32-bit boundary,
                    // counted from the packet start (the body starts 4 octets in, so the same).
                    _ = reader.skip(min((4 - reader.offset % 4) % 4, reader.remaining))
                    break
                }
                guard let length = reader.readUInt8(), let value = reader.readBytes(Int(length)) else { return nil }
                items.append(Item(type: ItemType(rawValue: type), value: value))
            }
            chunks.append(Chunk(source: source, items: items))
        }
        self.init(chunks: chunks)
    }

    /// Traps on more than 31 chunks, or an item value over 255 octets (programming errors).
    var countAndBody: (count: Int, body: [UInt8]) {
        precondition(chunks.count <= Self.maximumChunks, "an SDES packet carries at most 31 chunks")
        var body: [UInt8] = []
        for chunk in chunks {
            RTPWire.append(chunk.source, to: &body)
            for item in chunk.items {
                precondition(item.value.count <= 255, "an SDES item holds at most 255 octets")
                body.append(item.type.rawValue)
                body.append(UInt8(item.value.count))
                body += item.value
            }
            // At least one null octet ends the item list, then more up to a 32-bit boundary.
            body.append(0)
            body += repeatElement(0, count: (4 - body.count % 4) % 4)
        }
        return (chunks.count, body)
    }
}
