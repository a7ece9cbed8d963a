/// The ERROR-CODE attribute's content (RFC 8489 §14.8): a three-digit code and a reason phrase.
public struct STUNErrorCode: Hashable, Sendable {
    /// Class times 100 plus number: 300 through 699 by the RFC.
    public var code: UInt16
    /// UTF-8 text for a human; never interpreted.
    public var reason: String

    public init(code: UInt16, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The hundreds digit, carried in 3 bits on the wire.
    public var errorClass: UInt8 { UInt8(truncatingIfNeeded: code / 100) }
    /// The code modulo 100, carried in 8 bits on the wire.
    public var number: UInt8 { UInt8(truncatingIfNeeded: code % 100) }

    public static let tryAlternate = STUNErrorCode(code: 300, reason: "Try Alternate")
    public static let badRequest = STUNErrorCode(code: 400, reason: "Bad Request")
    public static let unauthorized = STUNErrorCode(code: 401, reason: "Unauthorized")
    public static let unknownAttribute = STUNErrorCode(code: 420, reason: "Unknown Attribute")
    public static let staleNonce = STUNErrorCode(code: 438, reason: "Stale Nonce")
    /// RFC 8445 §7.3.1.1: both agents claim the same ICE role.
    public static let roleConflict = STUNErrorCode(code: 487, reason: "Role Conflict")
    public static let serverError = STUNErrorCode(code: 500, reason: "Server Error")
}
