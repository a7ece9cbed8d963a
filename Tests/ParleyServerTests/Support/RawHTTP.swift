import NIOCore
import NIOPosix

/// Sends one hand-written HTTP/1.1 request and returns the whole response text, so tests can
/// see exactly what a refused WebSocket handshake gets (status and body).
enum RawHTTP {
    static func exchange(port: Int, request: String) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var response = ""
            for try await chunk in inbound {
                response += String(buffer: chunk)
                if let headerEnd = response.range(of: "\r\n\r\n") {
                    let head = response[..<headerEnd.lowerBound].lowercased()
                    // After 101 the connection is a WebSocket: there is no HTTP body to wait for.
                    if head.hasPrefix("http/1.1 101") { break }
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }
                    if let length, response.utf8.count - response[..<headerEnd.upperBound].utf8.count >= length { break }
                }
            }
            return response
        }
    }

    /// The status code of a WebSocket handshake for `path`.
    static func upgradeStatus(port: Int, path: String, extraHeaders: String = "") async throws -> (status: Int, body: String) {
        let response = try await exchange(port: port, request: """
            GET \(path) HTTP/1.1\r
            Host: 127.0.0.1:\(port)\r
            Connection: Upgrade\r
            Upgrade: websocket\r
            Sec-WebSocket-Version: 13\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            \(extraHeaders)\r

            """)
        return statusAndBody(response)
    }

    static func get(port: Int, path: String) async throws -> (status: Int, body: String) {
        let response = try await exchange(port: port, request: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return statusAndBody(response)
    }

    /// The status code (-1 when the status line is unreadable) and the body after the headers.
    private static func statusAndBody(_ response: String) -> (status: Int, body: String) {
        let parts = response.prefix { $0 != "\r" }.split(separator: " ")
        let status = parts.count > 1 ? Int(parts[1]) ?? -1 : -1
        let body = response.range(of: "\r\n\r\n").map { String(response[$0.upperBound...]) } ?? ""
        return (status, body)
    }
}

import Foundation
