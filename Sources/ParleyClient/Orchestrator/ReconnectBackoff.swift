/// Delays between reconnection attempts: exponential from `initial` to `maximum`, each drawn
/// at random from the upper half of the current step so that many clients of a restarted
/// server do not come back in lock step.
public struct ReconnectBackoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public private(set) var attempt = 0

    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(15)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before the next attempt; each call counts one attempt.
    public mutating func nextDelay<R: RandomNumberGenerator>(using random: inout R) -> Duration {
        attempt += 1
        var step = initial
        for _ in 1..<attempt where step < maximum { step *= 2 }
        step = min(step, maximum)
        return step * Double.random(in: 0.5...1, using: &random)
    }

    public mutating func nextDelay() -> Duration {
        var random = SystemRandomNumberGenerator()
        return nextDelay(using: &random)
    }

    /// A connection got in: the next failure starts from `initial` again.
    public mutating func reset() { attempt = 0 }
}
