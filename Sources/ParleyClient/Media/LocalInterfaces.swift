import NIOCore
import ParleyRTC

/// The addresses Parley gathers host candidates on (RFC 8445 §5.1.1.1).
public enum LocalInterfaces {
    /// Every usable address of the machine's interfaces, IPv4 first. Loopback only when asked
    /// (tests ask; a real peer elsewhere cannot reach it). IPv6 link-local addresses are left
    /// out: they need a scope that SDP cannot carry.
    public static func addresses(includeLoopback: Bool) -> [IPAddress] {
        let devices = (try? System.enumerateDevices()) ?? []
        var found: [IPAddress] = []
        for device in devices {
            guard let text = device.address?.ipAddress, let ip = IPAddress(text) else { continue }
            let loopback = ip == .ipv4Loopback || ip == .ipv6Loopback || text.hasPrefix("127.")
            if loopback && !includeLoopback { continue }
            if !ip.isIPv4, text.lowercased().hasPrefix("fe8") || text.lowercased().hasPrefix("fe9")
                || text.lowercased().hasPrefix("fea") || text.lowercased().hasPrefix("feb") { continue }
            if !found.contains(ip) { found.append(ip) }
        }
        return found.filter(\.isIPv4) + found.filter { !$0.isIPv4 }
    }
}
