import Foundation

/// Finding programs the tests need, with a message that says how to get them when absent.
enum Executables {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func isExecutableFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return false }
        return !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: url.path)
    }

    /// `environmentKey` if set (it must then point at a program), else the first of `names` on PATH,
    /// else the first of `fallbacks` that exists.
    static func find(environmentKey: String, names: [String], fallbacks: [String] = [], hint: String) throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment[environmentKey], !configured.isEmpty {
            let url = URL(fileURLWithPath: configured)
            guard isExecutableFile(url) else {
                throw Missing(description: "\(environmentKey)=\(configured) is not an executable file. \(hint)")
            }
            return url
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for directory in path.split(separator: ":") where !directory.isEmpty {
                let url = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if isExecutableFile(url) { return url }
            }
        }
        for fallback in fallbacks {
            let url = URL(fileURLWithPath: fallback)
            if isExecutableFile(url) { return url }
        }
        throw Missing(description: "none of \(names.joined(separator: ", ")) found on PATH (\(path)) and \(environmentKey) is not set. \(hint)")
    }
}
