/// The `c=` line (RFC 8866 §5.7): `<nettype> <addrtype> <connection-address>`.
/// The address is text on purpose: browsers write `0.0.0.0` as a placeholder, and in places
/// where an address belongs Firefox writes an mDNS name (`<uuid>.local`) under `IP4`.
public struct SDPConnection: Sendable, Hashable {
    public var networkType: String
    public var addressType: String
    public var address: String

    public init(networkType: String = "IN", addressType: String = "IP4", address: String) {
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    /// The placeholder JSEP puts in every description (RFC 8829 §5.2.1): candidates carry the
    /// real addresses.
    public static let placeholder = SDPConnection(address: "0.0.0.0")

    init?(lineValue: String) {
        let fields = SDPText.tokens(lineValue)
        guard fields.count == 3 else { return nil }
        self.init(networkType: fields[0], addressType: fields[1], address: fields[2])
    }

    public var lineValue: String {
        "\(networkType) \(addressType) \(address)"
    }
}
