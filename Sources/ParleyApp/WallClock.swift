import Foundation

enum WallClock {
    /// Seconds since local midnight, for event times on screen.
    static func secondsSinceMidnight() -> Double {
        let now = Date()
        let calendar = Calendar.current
        let midnight = calendar.startOfDay(for: now)
        return now.timeIntervalSince(midnight)
    }
}
