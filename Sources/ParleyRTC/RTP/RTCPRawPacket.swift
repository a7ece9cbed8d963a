/// An RTCP packet kept uninterpreted: APP, XR, or a type Parley does not know.
public struct RTCPRawPacket: Sendable, Hashable {
    public var packetType: RTCPPacketType
    /// The 5-bit field after the P bit (the subtype for APP).
    public var count: UInt8
    /// Everything after the 4-octet header, padding removed.
    public var body: [UInt8]

    public init(packetType: RTCPPacketType, count: UInt8, body: [UInt8]) {
        self.packetType = packetType
        self.count = count
        self.body = body
    }
}
