import Foundation

/// The rules a room name must follow, shared by the server, the clients and the configuration.
public enum RoomName {
    public static let maxLength = 64

    /// Why `name` cannot be a room name, or nil when it can.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "a room name must not be empty" }
        if name.count > maxLength { return "a room name has at most \(maxLength) characters" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "/" }) {
            return "a room name must not contain control characters or '/'"
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "a room name must not be blank" }
        return nil
    }
}
