extension STUNMessage {
    /// RFC 7983 §7: on a port shared with DTLS and SRTP, a first byte of 0 to 3 means STUN.
    public static func isSTUN(firstByte: UInt8) -> Bool {
        firstByte <= 3
    }

    /// A cheap check of the header alone (leading bits, magic cookie, length agreeing with the
    /// datagram), for routing a datagram before paying for `decode`.
    public static func looksLikeSTUN(_ datagram: [UInt8]) -> Bool {
        guard datagram.count >= STUNWire.headerSize, let first = datagram.first, isSTUN(firstByte: first),
              STUNWire.uint32(datagram, at: 4) == STUNWire.magicCookie
        else { return false }
        let length = Int(STUNWire.uint16(datagram, at: 2))
        return length % 4 == 0 && length == datagram.count - STUNWire.headerSize
    }
}
