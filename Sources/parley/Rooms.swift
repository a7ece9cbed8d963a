import ArgumentParser
import ParleyClient
import ParleySignaling

struct Rooms: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the rooms of a Parley server and how many peers are in each."
    )

    @Argument(help: "The server: host:port, http://host:port or a room's ws:// URL (default: 127.0.0.1:8042).")
    var server: String = "127.0.0.1:8042"

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let api = ServerAPI(server: server)
        let rooms: [ServerAPI.RoomSummary]
        do {
            rooms = try await api.rooms()
        } catch {
            throw CommandFailure(error.description)
        }
        if json {
            let items: [JSONValue] = rooms.map { room in
                .object(["name": .string(room.name), "peers": .int(Int64(room.peers)),
                         "max_peers": room.maxPeers.map { .int(Int64($0)) } ?? .null])
            }
            print(JSONValue.array(items).serialized())
            return
        }
        guard !rooms.isEmpty else {
            print("No rooms on \(api.base) (rooms appear when someone joins).")
            return
        }
        let width = max(4, rooms.map(\.name.count).max() ?? 4)
        print("ROOM".padding(toLength: width, withPad: " ", startingAt: 0) + "  PEERS")
        for room in rooms.sorted(by: { $0.name < $1.name }) {
            let limit = room.maxPeers.map { "/\($0)" } ?? ""
            print(room.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(room.peers)\(limit)")
        }
    }
}
