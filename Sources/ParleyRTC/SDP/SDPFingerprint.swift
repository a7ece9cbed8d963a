/// `a=fingerprint:<hash-func> <hex>:<hex>:…` (RFC 8122 §5): the certificate digest that
/// authenticates the DTLS handshake.
public struct SDPFingerprint: Sendable, Hashable, CustomStringConvertible {
    public static let attributeName = "fingerprint"
    public static let sha256 = "sha-256"

    /// Lowercased hash function name from the IANA "Hash Function Textual Names" registry.
    public var hashFunction: String
    public var bytes: [UInt8]

    public init(hashFunction: String, bytes: [UInt8]) {
        self.hashFunction = hashFunction.lowercased()
        self.bytes = bytes
    }

    /// Parses the attribute value. Hex digits are accepted in either case (RFC 8122 asks
    /// for upper case; lenient peers exist). Nil when the value is not a fingerprint.
    public init?(attributeValue: String) {
        let fields = SDPText.tokens(attributeValue)
        guard fields.count == 2 else { return nil }
        var bytes: [UInt8] = []
        for pair in SDPText.split(fields[1], at: UInt8(ascii: ":")) {
            let digits = Array(pair.utf8)
            guard digits.count == 2, let high = Self.hexValue(digits[0]), let low = Self.hexValue(digits[1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        self.init(hashFunction: fields[0], bytes: bytes)
    }

    /// Digest sizes of the registry's hash functions; nil for names it does not list.
    public static func digestLength(of hashFunction: String) -> Int? {
        switch hashFunction.lowercased() {
        case "md2", "md5": 16
        case "sha-1": 20
        case "sha-224": 28
        case "sha-256": 32
        case "sha-384": 48
        case "sha-512": 64
        default: nil
        }
    }

    /// True when this is a sha-256 fingerprint of the right length, the one every WebRTC
    /// endpoint must support (RFC 8827 §6.5).
    public var isValidSHA256: Bool {
        hashFunction == Self.sha256 && bytes.count == 32
    }

    /// `AB:CD:…`, upper case as RFC 8122 requires.
    public var hexDigest: String {
        bytes.map { byte in
            String([Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0x0F)]])
        }.joined(separator: ":")
    }

    public var attributeValue: String {
        hashFunction + " " + hexDigest
    }

    public var attribute: SDPAttribute {
        SDPAttribute(name: Self.attributeName, value: attributeValue)
    }

    public var description: String { attributeValue }

    private static let hexDigits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - 0x30
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - 0x41 + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - 0x61 + 10
        default: nil
        }
    }
}
