import ParleyClient
import ParleyTestSupport
import Testing

@Suite("Reconnect backoff")
struct ReconnectBackoffTests {
    @Test("Delays double from the initial step up to the maximum, each in the upper half of its step")
    func growsAndCaps() {
        var backoff = ReconnectBackoff(initial: .milliseconds(500), maximum: .seconds(8))
        var random = SplitMix64(state: 7)
        let steps: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8)]
        for step in steps {
            let delay = backoff.nextDelay(using: &random)
            #expect(delay >= step / 2 && delay <= step, "delay \(delay) for step \(step)")
        }
        #expect(backoff.attempt == steps.count)
    }

    @Test("A successful join starts the sequence again")
    func resets() {
        var backoff = ReconnectBackoff(initial: .seconds(1), maximum: .seconds(30))
        var random = SplitMix64(state: 1)
        for _ in 0..<6 { _ = backoff.nextDelay(using: &random) }
        backoff.reset()
        #expect(backoff.nextDelay(using: &random) <= .seconds(1))
    }

    @Test("Clients do not retry in lock step")
    func spreads() {
        var random = SplitMix64(state: 99)
        let delays = (0..<50).map { _ in
            var backoff = ReconnectBackoff()
            return backoff.nextDelay(using: &random)
        }
        #expect(Set(delays).count > 40)
    }
}
