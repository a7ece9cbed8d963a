import Foundation
import Logging

/// swift-log to a file, for the terminal client (its screen owns stdout and stderr).
struct FileLogHandler: LogHandler {
    let label: String
    let handle: FileHandle
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String, handle: FileHandle) {
        self.label = label
        self.handle = handle
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let text = "\(Date()) \(event.level) \(label):\(details) \(event.message)\n"
        handle.write(Data(text.utf8))
    }
}
