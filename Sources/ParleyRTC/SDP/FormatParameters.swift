/// `a=fmtp:<payload type> <parameters>` (RFC 8866 §6.15), with the usual `k=v;k=v` form split
/// out. Parameters without `=` (telephone-event's `0-15`) keep a nil value.
public struct FormatParameters: Sendable, Hashable {
    public static let attributeName = "fmtp"

    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String?

        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }

        public var text: String {
            value.map { "\(name)=\($0)" } ?? name
        }
    }

    public var payloadType: UInt8
    public var parameters: [Parameter]

    public init(payloadType: UInt8, parameters: [Parameter]) {
        self.payloadType = payloadType
        self.parameters = parameters
    }

    public init?(attributeValue: String) {
        let (ptText, rest) = SDPText.splitOnce(attributeValue, at: SDPText.space)
        guard let payloadType = SDPText.decimal(ptText, as: UInt8.self), payloadType <= 127 else { return nil }
        var parameters: [Parameter] = []
        for item in SDPText.split(rest ?? "", at: UInt8(ascii: ";")) {
            let trimmed = SDPText.trimmed(item)
            guard !trimmed.isEmpty else { continue }
            let (name, value) = SDPText.splitOnce(trimmed, at: UInt8(ascii: "="))
            parameters.append(Parameter(name: name, value: value))
        }
        self.init(payloadType: payloadType, parameters: parameters)
    }

    /// Media type parameter names are case-insensitive (RFC 6838 §4.3).
    public subscript(name: String) -> String? {
        let wanted = name.lowercased()
        return parameters.first { $0.name.lowercased() == wanted }?.value
    }

    public var attributeValue: String {
        "\(payloadType) " + parameters.map(\.text).joined(separator: ";")
    }

    public var attribute: SDPAttribute {
        SDPAttribute(name: Self.attributeName, value: attributeValue)
    }
}
