/// Limits redraws to one per `minimumInterval` and only when something changed. The first
/// change after a quiet spell draws at once; changes that follow within the interval are
/// coalesced into one draw at its end. Time is passed in.
public struct RedrawThrottle: Sendable, Equatable {
    public typealias Instant = ContinuousClock.Instant

    public let minimumInterval: Duration
    public private(set) var isDirty = false
    public private(set) var lastDraw: Instant?

    /// 10 frames a second at most by default.
    public init(minimumInterval: Duration = .milliseconds(100)) {
        self.minimumInterval = minimumInterval
    }

    /// Something on screen changed.
    public mutating func markDirty() {
        isDirty = true
    }

    /// When the pending change may be drawn; nil when nothing is pending.
    public func nextDrawTime() -> Instant? {
        guard isDirty else { return nil }
        guard let lastDraw else { return nil }
        return lastDraw + minimumInterval
    }

    /// Whether to draw now; when true, the draw is recorded.
    public mutating func shouldDraw(now: Instant) -> Bool {
        guard isDirty else { return false }
        if let lastDraw, now < lastDraw + minimumInterval { return false }
        isDirty = false
        lastDraw = now
        return true
    }

    /// How long a caller waiting for input may sleep before the pending draw is due; nil when
    /// nothing is pending (sleep until input), zero when it is due now.
    public func waitBudget(now: Instant) -> Duration? {
        guard isDirty else { return nil }
        guard let due = nextDrawTime(), due > now else { return .zero }
        return due - now
    }
}
