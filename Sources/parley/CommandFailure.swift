/// A failure to report as one plain line (no usage text): bad configuration, a busy port…
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
