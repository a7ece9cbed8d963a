import Logging
import ParleyConfiguration
import ParleySignaling
import Synchronization

/// The rooms and their peers. One lock guards them so a join, a relay and a leave are each
/// atomic; the frames they produce are written after the lock is released.
///
/// Ordering: every call comes from the calling peer's own event loop, and a write to a channel
/// of another loop is queued on that loop behind the callback running there. So a newcomer's
/// `authenticated`, written in its own callback, precedes anything another peer can send it
/// once it is in the room, and one sender's frames reach each recipient in order.
final class RoomDirectory: Sendable {
    struct Member: Sendable {
        let id: String
        let metadata: JSONValue
        let link: PeerLink
        /// When the peer last sent a frame, for the idle timeout.
        let activity: LastActivity
    }

    struct Room {
        let name: String
        let maxPeers: Int
        /// Join order, for listings and for `to: "all"`.
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

    private struct State {
        var rooms: [String: Room] = [:]
        var peerCount = 0
    }

    private let settings: ServerSettings
    private let metrics: ServerMetrics
    private let state = Mutex(State())

    init(settings: ServerSettings, metrics: ServerMetrics) {
        self.settings = settings
        self.metrics = metrics
    }

    private func maxPeers(of room: String) -> Int {
        settings.room(named: room)?.maxPeers ?? settings.maxPeersPerRoom
    }

    /// Adds the peer, sends its `authenticated`, and tells everyone already there.
    func join(room name: String, member: Member) -> Result<Void, JoinRefusal> {
        let admitted: Result<[Member], JoinRefusal> = state.withLock { state in
            var room: Room
            if let existing = state.rooms[name] {
                room = existing
            } else {
                if settings.fixedRooms && settings.room(named: name) == nil { return .failure(.unknownRoom) }
                if state.rooms.count >= settings.maxRooms { return .failure(.tooManyRooms) }
                room = Room(name: name, maxPeers: maxPeers(of: name))
            }
            guard room.members.count < room.maxPeers else { return .failure(.roomIsFull) }
            let present = room.order.compactMap { room.members[$0] }
            room.order.append(member.id)
            room.members[member.id] = member
            state.rooms[name] = room
            state.peerCount += 1
            updateGauges(state)
            return .success(present)
        }
        let present: [Member]
        switch admitted {
        case .failure(let refusal): return .failure(refusal)
        case .success(let members): present = members
        }

        let baseline = settings.membraneBaseline
        let listing: [JSONValue] = present.map { ["peer_id": .string($0.id), "metadata": $0.metadata] }
        member.link.send(Envelope(
            event: SignalingEvent.authenticated,
            data: baseline
                ? ["peer_id": .string(member.id)]
                : ["peer_id": .string(member.id), "room": .string(name), "peers": .array(listing)],
            to: .peers([member.id]),
            fromMetadata: baseline ? .none : .null
        ).jsonText())

        let joined = PeerLink.frame(Envelope(
            event: SignalingEvent.joined,
            data: baseline ? ["peer_id": .string(member.id)] : ["peer_id": .string(member.id), "metadata": member.metadata],
            from: member.id,
            to: .all,
            fromMetadata: baseline ? .none : member.metadata
        ).jsonText())
        for other in present { other.link.send(joined) }
        return .success(())
    }

    /// Removes the peer and tells the others; an emptied room disappears.
    func leave(room name: String, peerID: String) {
        let remaining: [Member] = state.withLock { state in
            guard var room = state.rooms[name], room.members.removeValue(forKey: peerID) != nil else { return [] }
            room.order.removeAll { $0 == peerID }
            state.peerCount -= 1
            state.rooms[name] = room.members.isEmpty ? nil : room
            updateGauges(state)
            return room.order.compactMap { room.members[$0] }
        }
        if !remaining.isEmpty {
            let left = PeerLink.frame(Envelope(
                event: SignalingEvent.left, data: ["peer_id": .string(peerID)], to: .all,
                fromMetadata: settings.membraneBaseline ? .none : .null
            ).jsonText())
            for other in remaining { other.link.send(left) }
        }
    }

    /// Sends `text`, the already serialised envelope, to the addressees; returns those not in
    /// the room. The envelope becomes one frame whose bytes every recipient's write shares.
    func relay(_ text: String, to recipients: Recipients, from senderID: String, room name: String) -> [String] {
        var unknown: [String] = []
        let links: [PeerLink] = state.withLock { state in
            guard let room = state.rooms[name] else { return [] }
            switch recipients {
            case .all:
                return room.order.compactMap { $0 == senderID ? nil : room.members[$0]?.link }
            case .peers(let ids):
                var links: [PeerLink] = []
                links.reserveCapacity(ids.count)
                var delivered = Set<String>()
                for id in ids where delivered.insert(id).inserted {
                    if let member = room.members[id] {
                        links.append(member.link)
                    } else {
                        unknown.append(id)
                    }
                }
                return links
            }
        }
        guard !links.isEmpty else { return unknown }
        let frame = PeerLink.frame(text)
        for link in links { link.send(frame) }
        metrics.messagesRelayed.increment(by: links.count)
        return unknown
    }

    struct RoomSummary: Sendable {
        let name: String
        let peers: [(id: String, metadata: JSONValue)]
        let maxPeers: Int
    }

    /// Every live room plus the configured ones, which exist even when empty.
    func summaries() -> [RoomSummary] {
        state.withLock { state in
            var names = Set(state.rooms.keys)
            for configured in settings.rooms { names.insert(configured.name) }
            return names.sorted().map { summary(of: $0, in: state) }
        }
    }

    func summary(of name: String) -> RoomSummary {
        state.withLock { summary(of: name, in: $0) }
    }

    private func summary(of name: String, in state: State) -> RoomSummary {
        guard let room = state.rooms[name] else {
            return RoomSummary(name: name, peers: [], maxPeers: maxPeers(of: name))
        }
        return RoomSummary(
            name: name,
            peers: room.order.compactMap { id in room.members[id].map { ($0.id, $0.metadata) } },
            maxPeers: room.maxPeers
        )
    }

    func exists(_ name: String) -> Bool {
        state.withLock { $0.rooms[name] != nil } || settings.room(named: name) != nil
    }

    /// Closes every peer that has sent nothing for `timeout`: one sweep for all peers instead
    /// of a timer per connection.
    func closeIdlePeers(now: ContinuousClock.Instant, timeout: Duration) {
        let idle: [PeerLink] = state.withLock { state in
            state.rooms.values.flatMap { room in
                room.members.values.filter { now - $0.activity.instant >= timeout }.map(\.link)
            }
        }
        for link in idle {
            link.close(code: .normalClosure, reason: "Idle timeout", ended: "idle for \(timeout)")
        }
    }

    /// Under the lock, so two loops cannot leave the gauges at a stale value.
    private func updateGauges(_ state: State) {
        metrics.rooms.record(state.rooms.count)
        metrics.peers.record(state.peerCount)
    }
}
