import Testing
@testable import ParleyTUI

@Suite("Push-to-talk")
struct PushToTalkTests {
    let t0 = ContinuousClock.now

    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    @Test("Latch: each press toggles")
    func latch() {
        var ptt = PushToTalk(mode: .latch)
        #expect(ptt.keyPressed(at: at(0)) == true)
        #expect(ptt.tick(now: at(60_000)) == nil, "a latch does not time out")
        #expect(ptt.keyPressed(at: at(60_001)) == false)
        #expect(ptt.keyPressed(at: at(60_002)) == true)
        #expect(ptt.reset() == false)
        #expect(!ptt.isOpen)
    }

    @Test("Hold: a press opens for the autorepeat delay; repeats keep it open; it closes after the last one")
    func holdWithRepeats() {
        var ptt = PushToTalk(mode: .hold(firstRepeatWithin: .milliseconds(600), closeAfter: .milliseconds(150)))
        #expect(ptt.keyPressed(at: at(0)) == true)
        // No repeat yet: still open at 599 ms (the keyboard's delay before repeating).
        #expect(ptt.tick(now: at(599)) == nil)
        #expect(ptt.isOpen)
        #expect(!ptt.isHeld)
        // Repeats every 40 ms from 500 ms to 2 s.
        for ms in stride(from: 500, through: 2000, by: 40) {
            #expect(ptt.keyPressed(at: at(ms)) == nil)
            #expect(ptt.tick(now: at(ms + 39)) == nil)
        }
        #expect(ptt.isHeld)
        let last = 1980
        #expect(ptt.closesAt == at(last + 150))
        #expect(ptt.tick(now: at(last + 149)) == nil)
        #expect(ptt.tick(now: at(last + 150)) == false)
        #expect(!ptt.isOpen)
        #expect(ptt.closesAt == nil)
    }

    @Test("Hold: a single tap closes after the first-repeat window")
    func holdTap() {
        var ptt = PushToTalk(mode: .hold(firstRepeatWithin: .milliseconds(700), closeAfter: .milliseconds(250)))
        #expect(ptt.keyPressed(at: at(0)) == true)
        #expect(ptt.tick(now: at(699)) == nil)
        #expect(ptt.tick(now: at(700)) == false)
        // A new press opens again.
        #expect(ptt.keyPressed(at: at(900)) == true)
    }

    @Test("Hold: a press that comes after the window but before the tick keeps it open, without a change")
    func latePress() {
        var ptt = PushToTalk(mode: .hold(firstRepeatWithin: .milliseconds(700), closeAfter: .milliseconds(250)))
        #expect(ptt.keyPressed(at: at(0)) == true)
        #expect(ptt.keyPressed(at: at(800)) == nil)
        #expect(ptt.isOpen)
        #expect(ptt.closesAt == at(1500))
        #expect(ptt.tick(now: at(1500)) == false)
    }
}

@Suite("Redraw throttle")
struct RedrawThrottleTests {
    let t0 = ContinuousClock.now

    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    @Test("Nothing changed, nothing drawn")
    func clean() {
        var throttle = RedrawThrottle()
        #expect(throttle.shouldDraw(now: at(0)) == false)
        #expect(throttle.waitBudget(now: at(0)) == nil)
    }

    @Test("The first change draws at once; a burst within 100 ms is drawn once, at the end of the interval")
    func coalesces() {
        var throttle = RedrawThrottle(minimumInterval: .milliseconds(100))
        throttle.markDirty()
        #expect(throttle.shouldDraw(now: at(0)) == true)
        var draws = 0
        for ms in 1...99 {
            throttle.markDirty()
            if throttle.shouldDraw(now: at(ms)) { draws += 1 }
        }
        #expect(draws == 0)
        #expect(throttle.waitBudget(now: at(99)) == .milliseconds(1))
        #expect(throttle.shouldDraw(now: at(100)) == true)
        #expect(throttle.shouldDraw(now: at(101)) == false, "drawn already; no new change")
    }

    @Test("At most ten frames a second under a continuous stream of changes")
    func rate() {
        var throttle = RedrawThrottle()
        var draws = 0
        for ms in 0..<1000 {
            throttle.markDirty()
            if throttle.shouldDraw(now: at(ms)) { draws += 1 }
        }
        #expect(draws == 10)
    }

    @Test("After a quiet spell the next change draws at once")
    func quiet() {
        var throttle = RedrawThrottle()
        throttle.markDirty()
        #expect(throttle.shouldDraw(now: at(0)) == true)
        throttle.markDirty()
        #expect(throttle.waitBudget(now: at(5000)) == .zero)
        #expect(throttle.shouldDraw(now: at(5000)) == true)
    }
}
