/// An RTP data packet (RFC 3550 §5.1), with its padding removed.
///
/// Browsers send packets with nothing but padding: Chromium sends a burst of them at the start of
/// a call as bandwidth probes (P bit set, padding count equal to everything after the header).
/// Such a packet parses fine and has an empty `payload`; `isPaddingOnly` says so. Never hand an
/// empty payload to a decoder: to Opus an empty packet means "conceal a loss".
public struct RTPPacket: Sendable, Hashable {
    /// The fixed header is 12 octets (RFC 3550 §5.1).
    public static let fixedHeaderSize = 12
    /// The CSRC count is a 4-bit field.
    public static let maximumCSRCCount = 15

    public var marker: Bool
    /// 7 bits; serialising keeps only the low 7.
    public var payloadType: UInt8
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    /// At most 15 (`maximumCSRCCount`).
    public var csrcs: [UInt32]
    public var headerExtension: RTPHeaderExtension?
    /// The payload without padding.
    public var payload: [UInt8]
    /// How many padding octets follow the payload, counting the final count octet itself; 0 means
    /// no padding (P bit clear). Padding content is not kept: serialising writes zeros.
    public var paddingCount: UInt8

    public init(marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32,
                csrcs: [UInt32] = [], headerExtension: RTPHeaderExtension? = nil, payload: [UInt8],
                paddingCount: UInt8 = 0) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = csrcs
        self.headerExtension = headerExtension
        self.payload = payload
        self.paddingCount = paddingCount
    }

    /// True when the packet had padding and nothing else after its header: a probe to discard
    /// after counting it, not media.
    public var isPaddingOnly: Bool {
        paddingCount > 0 && payload.isEmpty
    }

    /// Parses one RTP packet (for example an SRTP packet after unprotecting). Checks the version,
    /// the CSRC list, the header extension and the padding count against the datagram's length.
    public init(parsing bytes: [UInt8]) throws(RTPError) {
        var reader = RTPByteReader(bytes)
        guard bytes.count >= Self.fixedHeaderSize,
              let first = reader.readUInt8(), let second = reader.readUInt8(),
              let sequenceNumber = reader.readUInt16(), let timestamp = reader.readUInt32(),
              let ssrc = reader.readUInt32()
        else { throw .tooShort(count: bytes.count) }

        let version = first >> 6
        guard version == RTPWire.version else { throw .unsupportedVersion(version) }
        let hasPadding = first & 0x20 != 0
        let hasExtension = first & 0x10 != 0
        let csrcCount = Int(first & 0x0F)

        var csrcs: [UInt32] = []
        csrcs.reserveCapacity(csrcCount)
        for _ in 0..<csrcCount {
            guard let csrc = reader.readUInt32() else { throw .csrcListOverrun(csrcCount: csrcCount) }
            csrcs.append(csrc)
        }

        var headerExtension: RTPHeaderExtension?
        if hasExtension {
            guard let profile = reader.readUInt16(), let words = reader.readUInt16(),
                  let data = reader.readBytes(Int(words) * 4)
            else { throw .headerExtensionOverrun }
            headerExtension = RTPHeaderExtension(profile: profile, data: data)
        }

        var paddingCount: UInt8 = 0
        if hasPadding {
            // The last octet counts the padding, itself included; it cannot reach into the header.
            let count = bytes.last ?? 0
            guard count > 0, Int(count) <= reader.remaining else {
                throw .invalidPadding(count: Int(count), available: reader.remaining)
            }
            paddingCount = count
        }
        let payload = reader.readBytes(reader.remaining - Int(paddingCount)) ?? []

        self.init(marker: second & 0x80 != 0, payloadType: second & 0x7F, sequenceNumber: sequenceNumber,
                  timestamp: timestamp, ssrc: ssrc, csrcs: csrcs, headerExtension: headerExtension,
                  payload: payload, paddingCount: paddingCount)
    }

    /// The packet on the wire. Traps on more than 15 CSRCs or an extension over 262,140 octets:
    /// those are programming errors, never parsed input.
    public func serialized() -> [UInt8] {
        precondition(csrcs.count <= Self.maximumCSRCCount, "an RTP packet carries at most 15 CSRCs")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.fixedHeaderSize + 4 * csrcs.count + 4 + (headerExtension?.data.count ?? 0)
            + payload.count + Int(paddingCount))
        var first = RTPWire.version << 6 | UInt8(csrcs.count)
        if paddingCount > 0 { first |= 0x20 }
        if headerExtension != nil { first |= 0x10 }
        bytes.append(first)
        bytes.append((marker ? 0x80 : 0) | payloadType & 0x7F)
        RTPWire.append(sequenceNumber, to: &bytes)
        RTPWire.append(timestamp, to: &bytes)
        RTPWire.append(ssrc, to: &bytes)
        for csrc in csrcs { RTPWire.append(csrc, to: &bytes) }
        if let headerExtension {
            let words = (headerExtension.data.count + 3) / 4
            precondition(words <= Int(UInt16.max), "RTP header extension too long")
            RTPWire.append(headerExtension.profile, to: &bytes)
            RTPWire.append(UInt16(words), to: &bytes)
            bytes += headerExtension.data
            bytes += repeatElement(0, count: words * 4 - headerExtension.data.count)
        }
        bytes += payload
        if paddingCount > 0 {
            bytes += repeatElement(0, count: Int(paddingCount) - 1)
            bytes.append(paddingCount)
        }
        return bytes
    }
}
