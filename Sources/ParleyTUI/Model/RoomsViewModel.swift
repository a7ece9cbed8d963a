/// One room on the server's list.
public struct RoomListing: Sendable, Equatable {
    public var name: String
    public var peerCount: Int
    /// The room's capacity when the server has one.
    public var maxPeers: Int?

    public init(name: String, peerCount: Int, maxPeers: Int? = nil) {
        self.name = name
        self.peerCount = peerCount
        self.maxPeers = maxPeers
    }
}

/// The rooms screen: the server's rooms with their peer counts, refreshed by the caller.
///
/// The selected row is not here: the `ScreenController` keeps it (by room name, so it stays on
/// the same room when the list changes).
public struct RoomsViewModel: Sendable, Equatable {
    public var server: String
    public var rooms: [RoomListing]
    /// True until the first list arrives.
    public var isLoading: Bool
    /// Why the list could not be fetched, e.g. "cannot reach the server: connection refused".
    public var error: String?

    public init(server: String, rooms: [RoomListing] = [], isLoading: Bool = false, error: String? = nil) {
        self.server = server
        self.rooms = rooms
        self.isLoading = isLoading
        self.error = error
    }
}
