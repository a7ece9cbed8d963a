import Foundation
import ParleySignaling

/// One Chromium instance behind chromedriver: the WebDriver commands the tests use.
struct BrowserSession: Sendable {
    /// The W3C key under which an element reference travels.
    private static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    let id: String
    let http: WebDriverHTTP

    private var prefix: String { "session/\(id)" }

    func navigate(to url: URL) async throws {
        try await http.command("POST", "\(prefix)/url", .object(["url": .string(url.absoluteString)]))
    }

    /// Runs `script` as a function body; a returned promise is awaited by the driver.
    func execute(_ script: String, _ arguments: [JSONValue] = []) async throws -> JSONValue {
        try await http.command("POST", "\(prefix)/execute/sync",
                               .object(["script": .string(script), "args": .array(arguments)]))
    }

    /// Runs `script` with a completion callback as its last argument.
    func executeAsync(_ script: String, _ arguments: [JSONValue] = []) async throws -> JSONValue {
        try await http.command("POST", "\(prefix)/execute/async",
                               .object(["script": .string(script), "args": .array(arguments)]))
    }

    func setScriptTimeout(milliseconds: Int) async throws {
        try await http.command("POST", "\(prefix)/timeouts", .object(["script": .int(Int64(milliseconds))]))
    }

    func findElement(css selector: String) async throws -> String {
        let value = try await http.command("POST", "\(prefix)/element",
                                           .object(["using": .string("css selector"), "value": .string(selector)]))
        guard let element = value[Self.elementKey]?.stringValue else {
            throw WebDriverError(description: "no element reference for \(selector): \(value)")
        }
        return element
    }

    func click(css selector: String) async throws {
        let element = try await findElement(css: selector)
        try await http.command("POST", "\(prefix)/element/\(element)/click")
    }

    /// Replaces the text of an input the way a user would: clear, then type.
    func type(_ text: String, into selector: String) async throws {
        let element = try await findElement(css: selector)
        try await http.command("POST", "\(prefix)/element/\(element)/clear")
        try await http.command("POST", "\(prefix)/element/\(element)/value", .object(["text": .string(text)]))
    }

    /// Presses and releases one key on whatever has the focus.
    func press(key: String) async throws {
        let actions: JSONValue = .object(["actions": .array([
            .object([
                "type": .string("key"),
                "id": .string("keyboard"),
                "actions": .array([
                    .object(["type": .string("keyDown"), "value": .string(key)]),
                    .object(["type": .string("keyUp"), "value": .string(key)]),
                ]),
            ]),
        ])])
        try await http.command("POST", "\(prefix)/actions", actions)
        try await http.command("DELETE", "\(prefix)/actions")
    }

    /// What the page wrote to its console (needs `goog:loggingPrefs`; chromedriver's own
    /// endpoint, not W3C). Each call returns the entries since the previous one.
    func consoleLog() async throws -> [String] {
        let entries = try await http.command("POST", "\(prefix)/se/log", .object(["type": .string("browser")]))
        return (entries.arrayValue ?? []).map { entry in
            "\(entry["level"]?.stringValue ?? "?") \(entry["message"]?.stringValue ?? entry.description)"
        }
    }

    func delete() async throws {
        try await http.command("DELETE", prefix)
    }
}
