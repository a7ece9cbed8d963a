/// How the push-to-talk key works. Terminals report key presses and autorepeats but never a
/// release, so "hold to talk" is inferred from the repeats.
public enum PushToTalkMode: Sendable, Equatable {
    /// Each press toggles the microphone open or closed.
    case latch
    /// The microphone opens on a press and stays open while the key autorepeats. It closes when
    /// no repeat came for a while: `firstRepeatWithin` after the first press (the keyboard's
    /// autorepeat delay, typically 250–660 ms), then `closeAfter` after each repeat (the
    /// autorepeat interval is typically 30–50 ms).
    case hold(firstRepeatWithin: Duration, closeAfter: Duration)

    /// Fits the usual X11/console autorepeat (660 ms delay at most, 25 Hz rate), with room for
    /// repeats that arrive bunched over SSH.
    public static let holdDefault = PushToTalkMode.hold(firstRepeatWithin: .milliseconds(700), closeAfter: .milliseconds(250))
}

/// The push-to-talk state machine. Time is passed in; it reads no clock.
public struct PushToTalk: Sendable, Equatable {
    public typealias Instant = ContinuousClock.Instant

    public let mode: PushToTalkMode
    public private(set) var isOpen = false
    /// When the microphone closes unless another repeat comes (hold mode only).
    public private(set) var closesAt: Instant?
    private var repeating = false

    public init(mode: PushToTalkMode) {
        self.mode = mode
    }

    /// The key was pressed or autorepeated. Returns the new state when it changed.
    public mutating func keyPressed(at now: Instant) -> Bool? {
        switch mode {
        case .latch:
            isOpen.toggle()
            return isOpen
        case .hold(let firstRepeatWithin, let closeAfter):
            if isOpen {
                if let closesAt, now < closesAt {
                    repeating = true
                    self.closesAt = now + closeAfter
                } else {
                    // Late for a repeat but not yet ticked closed: a fresh press, still open.
                    repeating = false
                    closesAt = now + firstRepeatWithin
                }
                return nil
            }
            isOpen = true
            repeating = false
            closesAt = now + firstRepeatWithin
            return true
        }
    }

    /// Call at or after `closesAt`. Returns false when the microphone closed.
    public mutating func tick(now: Instant) -> Bool? {
        guard isOpen, let closesAt, now >= closesAt else { return nil }
        close()
        return false
    }

    /// Whether repeats have been seen since the last opening (the key is being held).
    public var isHeld: Bool { isOpen && repeating }

    /// Closes at once, e.g. when the call ends. Returns false when it was open.
    @discardableResult
    public mutating func reset() -> Bool? {
        guard isOpen else { return nil }
        close()
        return false
    }

    private mutating func close() {
        isOpen = false
        repeating = false
        closesAt = nil
    }
}
