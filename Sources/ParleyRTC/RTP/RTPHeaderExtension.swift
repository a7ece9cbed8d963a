/// The RTP header extension (RFC 3550 §5.3.1): a 16-bit profile-defined value and data that is a
/// whole number of 32-bit words. WebRTC uses the RFC 8285 forms inside it: one-byte elements
/// under profile 0xBEDE, two-byte elements under 0x1000–0x100F.
public struct RTPHeaderExtension: Sendable, Hashable {
    /// RFC 8285 §4.2: the "defined by profile" value that marks one-byte elements.
    public static let oneByteProfile: UInt16 = 0xBEDE
    /// RFC 8285 §4.3: 0x100 in the top 12 bits marks two-byte elements; the low 4 bits are
    /// application bits.
    public static let twoByteProfile: UInt16 = 0x1000

    /// One RFC 8285 extension element: a local identifier (mapped by `a=extmap`) and its data.
    public struct Element: Sendable, Hashable {
        public var id: UInt8
        public var data: [UInt8]

        public init(id: UInt8, data: [UInt8]) {
            self.id = id
            self.data = data
        }
    }

    public var profile: UInt16
    /// The extension data. Serialising pads it with zero octets to a multiple of 4, which both
    /// RFC 8285 forms read as padding; parsed data is always a multiple of 4.
    public var data: [UInt8]

    public init(profile: UInt16, data: [UInt8]) {
        self.profile = profile
        self.data = data
    }

    /// Packs one-byte elements (RFC 8285 §4.2), zero-padded to whole words. Nil when an ID is
    /// outside 1–14 or a data length outside 1–16, which the one-byte form cannot carry.
    public init?(oneByteElements elements: [Element]) {
        var data: [UInt8] = []
        for element in elements {
            guard (1...14).contains(element.id), (1...16).contains(element.data.count) else { return nil }
            data.append(element.id << 4 | UInt8(element.data.count - 1))
            data += element.data
        }
        self.init(profile: Self.oneByteProfile, data: Self.paddedToWords(data))
    }

    /// Packs two-byte elements (RFC 8285 §4.3), zero-padded to whole words. Nil when an ID is 0 or
    /// data is over 255 octets.
    public init?(twoByteElements elements: [Element], applicationBits: UInt8 = 0) {
        var data: [UInt8] = []
        for element in elements {
            guard element.id != 0, element.data.count <= 255 else { return nil }
            data.append(element.id)
            data.append(UInt8(element.data.count))
            data += element.data
        }
        self.init(profile: Self.twoByteProfile | UInt16(applicationBits & 0x0F), data: Self.paddedToWords(data))
    }

    /// Zero octets are padding in both forms, so padding here makes the value equal to what a
    /// receiver parses.
    private static func paddedToWords(_ data: [UInt8]) -> [UInt8] {
        data + repeatElement(0, count: (4 - data.count % 4) % 4)
    }

    /// The RFC 8285 elements, or nil when the profile is neither form or the data is malformed.
    public var elements: [Element]? {
        if profile == Self.oneByteProfile { return Self.oneByteElements(data) }
        if profile & 0xFFF0 == Self.twoByteProfile { return Self.twoByteElements(data) }
        return nil
    }

    /// The data of the element with this ID, if present.
    public func element(id: UInt8) -> [UInt8]? {
        elements?.first { $0.id == id }?.data
    }

    private static func oneByteElements(_ data: [UInt8]) -> [Element]? {
        var elements: [Element] = []
        var reader = RTPByteReader(data)
        while let header = reader.readUInt8() {
            // A zero octet is padding between or after elements.
            if header == 0 { continue }
            let id = header >> 4
            // ID 15 is reserved: RFC 8285 §4.2 says to stop reading at it and keep what came before.
            if id == 15 { break }
            // ID 0 is only valid as a zero padding octet.
            guard id != 0, let value = reader.readBytes(Int(header & 0x0F) + 1) else { return nil }
            elements.append(Element(id: id, data: value))
        }
        return elements
    }

    private static func twoByteElements(_ data: [UInt8]) -> [Element]? {
        var elements: [Element] = []
        var reader = RTPByteReader(data)
        while let id = reader.readUInt8() {
            if id == 0 { continue }
            guard let length = reader.readUInt8(), let value = reader.readBytes(Int(length)) else { return nil }
            elements.append(Element(id: id, data: value))
        }
        return elements
    }
}
