import Foundation
import Testing

/// The web client in real headless Chromium, against the real `parley serve`.
/// Chromium's fake microphone plays a beep; each browser must receive it from every other one.
///
/// One suite, serialized: each test starts up to three Chromium processes, and a 2-core machine
/// running several such tests at once starves the audio. The tests live in extensions, one file each.
@Suite("Web client in headless Chromium", .serialized, .timeLimit(.minutes(3)))
struct BrowserClientTests {
    func withServerAndBrowsers(
        serverArguments: [String] = [],
        _ scenario: (ParleyServerProcess, ChromeDriver) async throws -> Void
    ) async throws {
        try await ParleyServerProcess.with(arguments: serverArguments) { server in
            try await ChromeDriver.with { driver in
                try await scenario(server, driver)
            }
        }
    }

    static func newRoom(_ purpose: String) -> String {
        "\(purpose)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
