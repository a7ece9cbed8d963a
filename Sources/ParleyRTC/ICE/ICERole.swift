/// Which agent nominates (RFC 8445 §6.1.1). The offerer starts as controlling; a role conflict
/// detected in a check (§7.3.1.1) can switch it.
public enum ICERole: Sendable, Hashable {
    case controlling
    case controlled

    var other: ICERole {
        self == .controlling ? .controlled : .controlling
    }
}
