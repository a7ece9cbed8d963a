import Foundation
import Hummingbird
import ParleyConfiguration
import ParleySignaling

/// The REST side: rooms, client configuration and metrics.
struct APIRoutes {
    let directory: RoomDirectory
    let configuration: ParleyConfiguration
    let metrics: ServerMetrics

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/rooms") { _, _ -> Response in
            let rooms = directory.summaries().map { summary -> JSONValue in
                ["name": .string(summary.name), "peers": .int(Int64(summary.peers.count)), "max_peers": .int(Int64(summary.maxPeers))]
            }
            return Self.json(.array(rooms))
        }
        router.get("/api/rooms/{room}") { request, _ -> Response in
            let raw = request.uri.path.split(separator: "/").last.map(String.init) ?? ""
            let name = raw.removingPercentEncoding ?? raw
            guard directory.exists(name) else {
                return Self.json(["error": .string("no room \"\(name)\"")], status: .notFound)
            }
            let summary = directory.summary(of: name)
            return Self.json([
                "name": .string(summary.name),
                "max_peers": .int(Int64(summary.maxPeers)),
                "peers": .array(summary.peers.map { ["peer_id": .string($0.id), "metadata": $0.metadata] }),
            ])
        }
        router.get("/api/config") { _, _ -> Response in
            // membrane has no such endpoint; clients must cope with its absence.
            if configuration.server.membraneBaseline { return Response(status: .notFound) }
            let servers = configuration.iceServers.map { server -> JSONValue in
                var entry: [String: JSONValue] = ["urls": .array(server.urls.map(JSONValue.string))]
                if let username = server.username { entry["username"] = .string(username) }
                if let credential = server.credential { entry["credential"] = .string(credential) }
                return .object(entry)
            }
            return Self.json(["iceServers": .array(servers)])
        }
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.prometheusText()))
            )
        }
        // A plain GET on a room path is not a WebSocket handshake.
        router.get("/webrtc/**") { _, _ -> Response in
            metrics.error("bad_request")
            return Response(status: .badRequest, headers: [.contentLength: "0"])
        }
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(value)) ?? Data("null".utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
