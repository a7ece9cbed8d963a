/// What one look at a browser found: the awaited condition, or why it does not hold yet.
enum Probe<Value: Sendable>: Sendable {
    case done(Value)
    case notYet(String)
}

struct TimedOut: Error, CustomStringConvertible {
    let description: String
}

/// Looks again and again until `probe` reports `.done`, or throws after `timeout` with the
/// last reason it gave, so a failure says what the page was doing instead of just "false".
func poll<Value: Sendable>(
    _ what: String,
    timeout: Duration,
    every interval: Duration = .milliseconds(250),
    _ probe: () async throws -> Probe<Value>
) async throws -> Value {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    var lastReason = "never looked"
    while true {
        switch try await probe() {
        case .done(let value):
            return value
        case .notYet(let reason):
            lastReason = reason
        }
        if clock.now >= deadline {
            throw TimedOut(description: "\(what): not reached within \(timeout); last seen: \(lastReason)")
        }
        try await Task.sleep(for: interval)
    }
}
