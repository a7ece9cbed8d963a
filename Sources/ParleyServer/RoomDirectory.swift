import Logging
import ParleyConfiguration
import ParleySignaling

/// The rooms and their peers. One actor owns them so a join, a relay and a leave are each
/// atomic: `authenticated` is queued before anyone can learn the newcomer's id.
actor RoomDirectory {
    struct Member: Sendable {
        let id: String
        let metadata: JSONValue
        let outbox: Outbox
        /// When the peer last sent a frame, for the idle timeout.
        let activity: LastActivity
    }

    struct Room {
        let name: String
        let maxPeers: Int
        /// Join order, for listings.
        var order: [String] = []
        var members: [String: Member] = [:]
    }

    enum JoinRefusal: Error, Sendable {
        case roomIsFull
        case tooManyRooms
        case unknownRoom

        /// The `details` string of the protocol's `Could not join room` error.
        var details: String {
            switch self {
            case .roomIsFull: return "room_is_full"
            case .tooManyRooms: return "too_many_rooms"
            case .unknownRoom: return "unknown_room"
            }
        }
    }

    private let settings: ServerSettings
    private let metrics: ServerMetrics
    private var rooms: [String: Room] = [:]
    private var peerCount = 0

    init(settings: ServerSettings, metrics: ServerMetrics) {
        self.settings = settings
        self.metrics = metrics
    }

    private func maxPeers(of room: String) -> Int {
        settings.room(named: room)?.maxPeers ?? settings.maxPeersPerRoom
    }

    /// Adds the peer, queues its `authenticated`, and tells everyone already there.
    func join(room name: String, member: Member) -> Result<Void, JoinRefusal> {
        var room: Room
        if let existing = rooms[name] {
            room = existing
        } else {
            if settings.fixedRooms && settings.room(named: name) == nil { return .failure(.unknownRoom) }
            if rooms.count >= settings.maxRooms { return .failure(.tooManyRooms) }
            room = Room(name: name, maxPeers: maxPeers(of: name))
        }
        guard room.members.count < room.maxPeers else { return .failure(.roomIsFull) }

        let present: [JSONValue] = room.order.compactMap { id in
            room.members[id].map { ["peer_id": .string($0.id), "metadata": $0.metadata] }
        }
        let baseline = settings.membraneBaseline
        let authenticated = Envelope(
            event: SignalingEvent.authenticated,
            data: baseline
                ? ["peer_id": .string(member.id)]
                : ["peer_id": .string(member.id), "room": .string(name), "peers": .array(present)],
            to: .peers([member.id]),
            fromMetadata: baseline ? .none : .null
        )
        member.outbox.send(authenticated.jsonText())

        let joined = Envelope(
            event: SignalingEvent.joined,
            data: baseline ? ["peer_id": .string(member.id)] : ["peer_id": .string(member.id), "metadata": member.metadata],
            from: member.id,
            to: .all,
            fromMetadata: baseline ? .none : member.metadata
        ).jsonText()
        for id in room.order { room.members[id]?.outbox.send(joined) }

        room.order.append(member.id)
        room.members[member.id] = member
        rooms[name] = room
        peerCount += 1
        updateGauges()
        return .success(())
    }

    /// Removes the peer and tells the others; an emptied room disappears.
    func leave(room name: String, peerID: String) {
        guard var room = rooms[name], room.members.removeValue(forKey: peerID) != nil else { return }
        room.order.removeAll { $0 == peerID }
        peerCount -= 1
        if room.members.isEmpty {
            rooms[name] = nil
        } else {
            rooms[name] = room
            let left = Envelope(
                event: SignalingEvent.left, data: ["peer_id": .string(peerID)], to: .all,
                fromMetadata: settings.membraneBaseline ? .none : .null
            ).jsonText()
            for id in room.order { room.members[id]?.outbox.send(left) }
        }
        updateGauges()
    }

    /// Queues `text`, the already serialised envelope, for the addressees; returns those not in
    /// the room. Serialising happens in the sender's task, so the actor only looks up and queues.
    func relay(_ text: String, to recipients: Recipients, from sender: Member, room name: String) -> [String] {
        guard let room = rooms[name] else { return [] }
        var unknown: [String] = []
        switch recipients {
        case .all:
            for id in room.order where id != sender.id {
                room.members[id]?.outbox.send(text)
                metrics.messagesRelayed.increment()
            }
        case .peers(let ids):
            var delivered = Set<String>()
            for id in ids where delivered.insert(id).inserted {
                if let member = room.members[id] {
                    member.outbox.send(text)
                    metrics.messagesRelayed.increment()
                } else {
                    unknown.append(id)
                }
            }
        }
        return unknown
    }

    struct RoomSummary: Sendable {
        let name: String
        let peers: [(id: String, metadata: JSONValue)]
        let maxPeers: Int
    }

    /// Every live room plus the configured ones, which exist even when empty.
    func summaries() -> [RoomSummary] {
        var names = Set(rooms.keys)
        for configured in settings.rooms { names.insert(configured.name) }
        return names.sorted().map { summary(of: $0) }
    }

    func summary(of name: String) -> RoomSummary {
        guard let room = rooms[name] else {
            return RoomSummary(name: name, peers: [], maxPeers: maxPeers(of: name))
        }
        return RoomSummary(
            name: name,
            peers: room.order.compactMap { id in room.members[id].map { ($0.id, $0.metadata) } },
            maxPeers: room.maxPeers
        )
    }

    func exists(_ name: String) -> Bool {
        rooms[name] != nil || settings.room(named: name) != nil
    }

    /// Closes every peer that has sent nothing for `timeout`: one sweep for all peers instead
    /// of a timer task per connection.
    func closeIdlePeers(now: ContinuousClock.Instant, timeout: Duration) {
        for room in rooms.values {
            for member in room.members.values where now - member.activity.instant >= timeout {
                member.outbox.close(code: 1000, reason: "Idle timeout")
            }
        }
    }

    private func updateGauges() {
        metrics.rooms.record(rooms.count)
        metrics.peers.record(peerCount)
    }
}
