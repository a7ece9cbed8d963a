/// An `a=` line (RFC 8866 §5.13): `a=<name>` (a property) or `a=<name>:<value>`.
/// An empty value (`a=name:`) is kept distinct from no value, so it serialises back as written.
public struct SDPAttribute: Sendable, Hashable {
    public var name: String
    public var value: String?

    public init(name: String, value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// The text after `a=`.
    public var lineValue: String {
        guard let value else { return name }
        return name + ":" + value
    }
}
