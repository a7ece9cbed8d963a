import Foundation

/// Finds the browser client: the copy SwiftPM puts beside the binary, else the source tree.
enum WebRoot {
    static let resourceBundleName = "parley_ParleyServer.resources"

    static func locate() -> String? {
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let executableDirectory = executable.deletingLastPathComponent()
        candidates.append(executableDirectory.appendingPathComponent(resourceBundleName).appendingPathComponent("Web"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent(resourceBundleName).appendingPathComponent("Web"))
        // An installed layout: <prefix>/bin/parley with <prefix>/share/parley/Web.
        candidates.append(executableDirectory.deletingLastPathComponent().appendingPathComponent("share/parley/Web"))
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Web"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("index.html").path) }?.path
    }
}
