import Foundation
import ParleySignaling

/// A WebDriver error as the W3C protocol reports it (`{"value":{"error","message"}}`),
/// or a transport failure.
struct WebDriverError: Error, CustomStringConvertible {
    let description: String
}

/// W3C WebDriver over HTTP: one JSON request, one `{"value": …}` reply.
struct WebDriverHTTP: Sendable {
    let port: UInt16

    /// Long enough for Chromium's start-up and for async scripts on a busy 2-core machine.
    static let requestTimeout: Duration = .seconds(120)

    @discardableResult
    func command(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        var payload: Data?
        if let body {
            payload = try JSONEncoder().encode(body)
        } else if method == "POST" {
            payload = Data("{}".utf8)
        }
        let response: LoopbackHTTP.Response
        do {
            response = try await LoopbackHTTP.request(
                port: port, method: method, path: "/" + path, body: payload, timeout: Self.requestTimeout)
        } catch {
            throw WebDriverError(description: "\(method) /\(path): \(error)")
        }
        let reply: JSONValue
        do {
            reply = try JSONDecoder().decode(JSONValue.self, from: response.body)
        } catch {
            let text = String(decoding: response.body.prefix(500), as: UTF8.self)
            throw WebDriverError(description: "\(method) /\(path): HTTP \(response.status), not JSON: \(text)")
        }
        let value = reply["value"] ?? .null
        if response.status != 200 || value["error"] != nil {
            let kind = value["error"]?.stringValue ?? "HTTP \(response.status)"
            let message = value["message"]?.stringValue ?? reply.description
            throw WebDriverError(description: "\(method) /\(path): \(kind): \(message)")
        }
        return value
    }
}
