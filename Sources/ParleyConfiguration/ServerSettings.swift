/// `server` section: where `parley serve` listens and the limits it enforces.
public struct ServerSettings: Sendable, Hashable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8042
    /// Directory with the browser client; nil serves the copy built into Parley.
    public var webRoot: String? = nil
    public var maxPeersPerRoom: Int = 16
    public var maxRooms: Int = 1000
    /// Largest accepted signaling message; larger ones get `Message too large`.
    public var maxMessageBytes: Int = 64 * 1024
    public var messagesPerSecond: Double = 50
    public var messageBurst: Int = 200
    /// Consecutive seconds of rate-limited traffic after which a peer is disconnected.
    public var abuseSeconds: Int = 10
    public var idleTimeoutSeconds: Int = 15 * 60
    /// When true only the rooms listed in `rooms` exist; others answer HTTP 404.
    public var fixedRooms: Bool = false
    public var rooms: [RoomSettings] = []
    /// Speak only the membrane 0.1.2 baseline (no Parley additions on the wire), to test
    /// clients against what an unmodified membrane server sends.
    public var membraneBaseline: Bool = false

    public init() {}

    func problems() -> [String] {
        var problems: [String] = []
        if !(0...65535).contains(port) { problems.append("server.port must be 0…65535, not \(port)") }
        if maxPeersPerRoom < 1 { problems.append("server.max_peers_per_room must be at least 1") }
        if maxRooms < 1 { problems.append("server.max_rooms must be at least 1") }
        if maxMessageBytes < 1024 { problems.append("server.max_message_bytes must be at least 1024") }
        if !(messagesPerSecond > 0) { problems.append("server.messages_per_second must be positive") }
        if messageBurst < 1 { problems.append("server.message_burst must be at least 1") }
        if abuseSeconds < 1 { problems.append("server.abuse_seconds must be at least 1") }
        if idleTimeoutSeconds < 1 { problems.append("server.idle_timeout_seconds must be at least 1") }
        if fixedRooms && rooms.isEmpty { problems.append("server.fixed_rooms is true but server.rooms is empty") }
        var seen = Set<String>()
        for room in rooms {
            if !seen.insert(room.name).inserted { problems.append("server.rooms lists \"\(room.name)\" twice") }
            if let reason = RoomName.problem(room.name) { problems.append("server.rooms: \"\(room.name)\": \(reason)") }
            if let max = room.maxPeers, max < 1 { problems.append("server.rooms: \"\(room.name)\": max_peers must be at least 1") }
        }
        return problems
    }

    public func room(named name: String) -> RoomSettings? {
        rooms.first { $0.name == name }
    }
}

extension ServerSettings: Codable {
    enum CodingKeys: String, CodingKey {
        case host, port, rooms
        case webRoot = "web_root"
        case maxPeersPerRoom = "max_peers_per_room"
        case maxRooms = "max_rooms"
        case maxMessageBytes = "max_message_bytes"
        case messagesPerSecond = "messages_per_second"
        case messageBurst = "message_burst"
        case abuseSeconds = "abuse_seconds"
        case idleTimeoutSeconds = "idle_timeout_seconds"
        case fixedRooms = "fixed_rooms"
        case membraneBaseline = "membrane_baseline"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ServerSettings()
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? d.host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? d.port
        webRoot = try c.decodeIfPresent(String.self, forKey: .webRoot) ?? d.webRoot
        maxPeersPerRoom = try c.decodeIfPresent(Int.self, forKey: .maxPeersPerRoom) ?? d.maxPeersPerRoom
        maxRooms = try c.decodeIfPresent(Int.self, forKey: .maxRooms) ?? d.maxRooms
        maxMessageBytes = try c.decodeIfPresent(Int.self, forKey: .maxMessageBytes) ?? d.maxMessageBytes
        messagesPerSecond = try c.decodeIfPresent(Double.self, forKey: .messagesPerSecond) ?? d.messagesPerSecond
        messageBurst = try c.decodeIfPresent(Int.self, forKey: .messageBurst) ?? d.messageBurst
        abuseSeconds = try c.decodeIfPresent(Int.self, forKey: .abuseSeconds) ?? d.abuseSeconds
        idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? d.idleTimeoutSeconds
        fixedRooms = try c.decodeIfPresent(Bool.self, forKey: .fixedRooms) ?? d.fixedRooms
        rooms = try c.decodeIfPresent([RoomSettings].self, forKey: .rooms) ?? d.rooms
        membraneBaseline = try c.decodeIfPresent(Bool.self, forKey: .membraneBaseline) ?? d.membraneBaseline
    }
}

/// One entry of `server.rooms`: a room that always exists, optionally with its own limit and secret.
public struct RoomSettings: Sendable, Hashable, Codable {
    public var name: String
    public var maxPeers: Int?
    /// Peers must present this as `?token=` or in the `credentials` cookie.
    public var secret: String?

    public init(name: String, maxPeers: Int? = nil, secret: String? = nil) {
        self.name = name
        self.maxPeers = maxPeers
        self.secret = secret
    }

    enum CodingKeys: String, CodingKey {
        case name, secret
        case maxPeers = "max_peers"
    }
}
