/// The STUN method (RFC 8489 §5): a 12-bit number. ICE uses only Binding.
public struct STUNMethod: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt16

    public init?(rawValue: UInt16) {
        guard rawValue <= 0x0FFF else { return nil }
        self.rawValue = rawValue
    }

    private init(known rawValue: UInt16) {
        self.rawValue = rawValue
    }

    public static let binding = STUNMethod(known: 0x001)
}

/// The STUN class (RFC 8489 §5).
public enum STUNClass: UInt8, Hashable, Sendable, CaseIterable {
    case request = 0b00
    case indication = 0b01
    case successResponse = 0b10
    case errorResponse = 0b11
}

/// Method and class together, as carried in the 14-bit message type field.
public struct STUNMessageType: Hashable, Sendable {
    public var method: STUNMethod
    public var messageClass: STUNClass

    public init(method: STUNMethod, messageClass: STUNClass) {
        self.method = method
        self.messageClass = messageClass
    }

    public static let bindingRequest = STUNMessageType(method: .binding, messageClass: .request)
    public static let bindingIndication = STUNMessageType(method: .binding, messageClass: .indication)
    public static let bindingSuccessResponse = STUNMessageType(method: .binding, messageClass: .successResponse)
    public static let bindingErrorResponse = STUNMessageType(method: .binding, messageClass: .errorResponse)

    /// The wire value. The class bits C1 and C0 sit at bits 8 and 4, between the method bits
    /// (RFC 8489 Figure 3), a leftover of RFC 3489's numbering.
    public var rawValue: UInt16 {
        let m = method.rawValue
        let c = UInt16(messageClass.rawValue)
        return (m & 0x000F) | (m & 0x0070) << 1 | (m & 0x0F80) << 2 | (c & 0b01) << 4 | (c & 0b10) << 7
    }

    /// Nil when either of the two top bits is set: that is not a STUN message.
    public init?(rawValue: UInt16) {
        guard rawValue & 0xC000 == 0,
              let method = STUNMethod(rawValue: (rawValue & 0x000F) | (rawValue & 0x00E0) >> 1 | (rawValue & 0x3E00) >> 2),
              let messageClass = STUNClass(rawValue: UInt8(truncatingIfNeeded: (rawValue & 0x0010) >> 4 | (rawValue & 0x0100) >> 7))
        else { return nil }
        self.init(method: method, messageClass: messageClass)
    }
}
