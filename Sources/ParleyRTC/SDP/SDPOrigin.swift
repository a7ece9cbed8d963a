/// The `o=` line (RFC 8866 §5.2): `<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`.
/// Fields are kept as text: browsers put anything in them (Firefox's username is
/// `mozilla...THIS_IS_SDPARTA-99.0`, its address `0.0.0.0`), and nothing in WebRTC reads them
/// except the session version, which JSEP bumps on each new description.
public struct SDPOrigin: Sendable, Hashable {
    public var username: String
    public var sessionID: String
    public var sessionVersion: String
    public var networkType: String
    public var addressType: String
    public var unicastAddress: String

    public init(
        username: String = "-",
        sessionID: String,
        sessionVersion: String,
        networkType: String = "IN",
        addressType: String = "IP4",
        unicastAddress: String = "127.0.0.1"
    ) {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.networkType = networkType
        self.addressType = addressType
        self.unicastAddress = unicastAddress
    }

    init?(lineValue: String) {
        let fields = SDPText.tokens(lineValue)
        guard fields.count == 6 else { return nil }
        self.init(
            username: fields[0],
            sessionID: fields[1],
            sessionVersion: fields[2],
            networkType: fields[3],
            addressType: fields[4],
            unicastAddress: fields[5]
        )
    }

    public var lineValue: String {
        [username, sessionID, sessionVersion, networkType, addressType, unicastAddress].joined(separator: " ")
    }
}
