/// The ufrag and password of one ICE agent (RFC 8445 §5.3, RFC 8839 §5.4).
///
/// Both are `ice-char` strings (`ALPHA / DIGIT / "+" / "/"`): at least 4 characters for the
/// ufrag and 22 for the password, at most 256 each. The password keys MESSAGE-INTEGRITY in both
/// directions: a check is signed with the *remote* password, its response with the *local* one.
public struct ICECredentials: Sendable, Hashable {
    public let ufrag: String
    public let password: String

    /// RFC 8839 §5.4: ice-ufrag is 4 to 256 ice-chars, ice-pwd 22 to 256.
    public static let ufragLength = 4...256
    public static let passwordLength = 22...256

    /// Nil unless both strings are well-formed ice-char strings of legal length.
    public init?(ufrag: String, password: String) {
        guard ICECredentials.ufragLength.contains(ufrag.utf8.count),
              ICECredentials.passwordLength.contains(password.utf8.count),
              ICECredentials.isICEChars(ufrag), ICECredentials.isICEChars(password)
        else { return nil }
        self.ufrag = ufrag
        self.password = password
    }

    /// Fresh credentials: an 8-character ufrag and a 24-character password. Each ice-char
    /// carries 6 bits, so the password holds 144 random bits, above the 128 that RFC 8445 §5.3
    /// asks for. No `=` padding: it is not an ice-char and some stacks reject it.
    public static func random(using generator: inout some RandomNumberGenerator) -> ICECredentials {
        // 64 symbols divide 2^64 evenly, so masking 6 bits of each draw has no bias.
        func draw(_ count: Int) -> String {
            String(decoding: (0..<count).map { _ in alphabet[Int(generator.next() & 63)] }, as: UTF8.self)
        }
        let ufrag = draw(8)
        let password = draw(24)
        return ICECredentials(checkedUfrag: ufrag, password: password)
    }

    public static func random() -> ICECredentials {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// The short-term credential key for MESSAGE-INTEGRITY (RFC 8489 §9.1.1).
    var integrityKey: [UInt8] {
        STUNIntegrity.shortTermKey(password: password)
    }

    private init(checkedUfrag: String, password: String) {
        ufrag = checkedUfrag
        self.password = password
    }

    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static func isICEChars(_ text: String) -> Bool {
        text.utf8.allSatisfy { alphabet.contains($0) }
    }
}
