/// Anything that carries `a=` lines: the session level and each media section.
/// The WebRTC accessors (``iceUfrag``, ``fingerprints``, ``rtpMaps``…) are defined once on it.
public protocol SDPAttributeContainer {
    var attributes: [SDPAttribute] { get }
}

extension SDPAttributeContainer {
    /// Attribute names are compared exactly (RFC 8866 attribute names are case-sensitive tokens).
    public func attributes(named name: String) -> [SDPAttribute] {
        attributes.filter { $0.name == name }
    }

    public func hasAttribute(_ name: String) -> Bool {
        attributes.contains { $0.name == name }
    }

    /// The value of the first attribute with this name; `""` for a valueless one.
    public func firstValue(of name: String) -> String? {
        attributes.first { $0.name == name }.map { $0.value ?? "" }
    }

    /// The values of every attribute with this name that has one.
    public func values(of name: String) -> [String] {
        attributes.compactMap { $0.name == name ? $0.value : nil }
    }
}
