import Foundation
import ParleyRTC

enum CandidateAddresses {
    /// A server on loopback means a call on this machine: loopback candidates then work and
    /// need no network at all.
    static func isLoopback(host: String) -> Bool {
        let bare = host.trimmingCharacters(in: ["[", "]"])
        if bare == "localhost" { return true }
        guard let address = IPAddress(bare) else { return false }
        return address == .ipv6Loopback || (address.isIPv4 && address.bytes.first == 127)
    }
}
