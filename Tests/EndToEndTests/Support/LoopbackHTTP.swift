import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 client for 127.0.0.1, one request per connection.
///
/// Why not URLSession: chromedriver writes header lines without a space after the colon
/// (`Content-Length:250`), which FoundationNetworking on Linux rejects with
/// "Failed writing header". Blocking socket calls run on their own thread so they never
/// hold up Swift's cooperative pool while a browser takes its time.
enum LoopbackHTTP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Response: Sendable {
        let status: Int
        let body: Data
    }

    /// Responses larger than this are refused instead of being read into memory.
    static let maximumResponseBytes = 64 << 20

    static func request(
        port: UInt16, method: String, path: String, body: Data?, timeout: Duration
    ) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    try exchange(port: port, method: method, path: path, body: body, timeout: timeout)
                })
            }
            thread.start()
        }
    }

    private static func exchange(
        port: UInt16, method: String, path: String, body: Data?, timeout: Duration
    ) throws -> Response {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        defer { close(fd) }
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif

        let seconds = timeout.components.seconds
        var limit = timeval(tv_sec: .init(max(1, seconds)), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            throw Failure(description: "connect to 127.0.0.1:\(port) failed: errno \(errno)")
        }

        let payload = body ?? Data()
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        head += "Accept: application/json\r\nContent-Length: \(payload.count)\r\n"
        if body != nil { head += "Content-Type: application/json; charset=utf-8\r\n" }
        head += "\r\n"
        try writeAll(fd, Data(head.utf8) + payload)

        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var expectedTotal: Int?
        while expectedTotal.map({ received.count < $0 }) ?? true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            guard count > 0 else {
                throw Failure(description: "\(method) \(path): no complete answer within \(timeout) (errno \(errno))")
            }
            received.append(contentsOf: buffer[0..<count])
            guard received.count <= maximumResponseBytes else {
                throw Failure(description: "\(method) \(path): answer larger than \(maximumResponseBytes) bytes")
            }
            if expectedTotal == nil, let headerEnd = received.range(of: Data("\r\n\r\n".utf8)) {
                let header = try parseHeader(received[..<headerEnd.lowerBound])
                if let length = header.contentLength {
                    expectedTotal = headerEnd.upperBound - received.startIndex + length
                }
            }
        }

        guard let headerEnd = received.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "\(method) \(path): connection closed before a complete header")
        }
        let header = try parseHeader(received[..<headerEnd.lowerBound])
        guard !header.chunked else {
            throw Failure(description: "\(method) \(path): chunked answers are not supported")
        }
        var responseBody = Data(received[headerEnd.upperBound...])
        if let length = header.contentLength {
            guard responseBody.count >= length else {
                throw Failure(description: "\(method) \(path): body cut short (\(responseBody.count) of \(length) bytes)")
            }
            responseBody = responseBody.prefix(length)
        }
        return Response(status: header.status, body: responseBody)
    }

    private struct Header {
        var status: Int
        var contentLength: Int?
        var chunked = false
    }

    private static func parseHeader(_ bytes: Data) throws -> Header {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1]) else {
            throw Failure(description: "not an HTTP status line: \(lines.first ?? "")")
        }
        var header = Header(status: status)
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                guard let length = Int(value), length >= 0 else {
                    throw Failure(description: "bad Content-Length \(value)")
                }
                header.contentLength = length
            } else if name == "transfer-encoding", value.lowercased().contains("chunked") {
                header.chunked = true
            }
        }
        return header
    }

    /// A peer that hung up must give an error, not a SIGPIPE that ends the test process.
    #if os(Linux)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let noSignal: Int32 = 0
    #endif

    private static func writeAll(_ fd: Int32, _ data: Data) throws {
        var offset = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, noSignal) }
            guard written > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += written
        }
    }
}
