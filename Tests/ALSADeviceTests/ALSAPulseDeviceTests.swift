import Foundation
import ParleyAudio
import Testing

/// Real, paced ALSA devices: PulseAudio null sinks through ALSA's `pulse` plugin. Serialized
/// so that timing measurements do not share the CPU with each other.
@Suite("ALSA devices through a private PulseAudio server", .pulseAudioInstalled, .privatePulseAudio, .serialized)
struct ALSAPulseDeviceTests {
    static let tone = 1000.0

    @Test("The device list has `default` and `pulse`, named as ALSA names them")
    func deviceList() throws {
        let devices = try ALSADeviceList.devices()
        let names = devices.map(\.name)
        let pulse = try #require(devices.first { $0.name == "pulse" }, "\(names)")
        #expect(pulse.directions == [.capture, .playback])
        #expect(!pulse.description.isEmpty)
        let standard = try #require(devices.first { $0.name == "default" }, "\(names)")
        #expect(standard.directions == [.capture, .playback])
        #expect(Set(names).count == names.count, "\(names)")
    }

    @Test("A 1 kHz tone played into sink A is captured from A's monitor, and not from B's")
    func toneLoop() async throws {
        let capture = try ALSACapture(device: TestDevices.monitorA)
        let other = try ALSACapture(device: TestDevices.monitorB)
        let playback = try ALSAPlayback(device: TestDevices.playbackA)
        defer { capture.stop(); other.stop(); playback.stop() }
        #expect(capture.periodFrames == 480)
        #expect(playback.periodFrames == 480)
        try capture.start()
        try other.start()
        // Written before start(): queued, then played first.
        let tone = ToneAnalysis.tone(frequency: Self.tone, count: 48_000 * 2)
        #expect(playback.write(Array(tone[..<4800])) == 4800)
        #expect(playback.queuedFrames == 4800)
        try playback.start()

        let feeder = Task { try await playback.feed(Array(tone[4800...])) }
        defer { feeder.cancel() }
        // Let the tone reach the monitor, then take one second of it.
        _ = try await capture.collect(24_000)
        other.discardBacklog()
        let heard = try await capture.collect(48_000)
        let silence = try await other.collect(24_000)

        let share = ToneAnalysis.energyShare(at: Self.tone, in: heard)
        #expect(share > 0.9, "share of energy at 1 kHz: \(share)")
        for neighbour in [500.0, 900.0, 1100.0, 2000.0] {
            let ratio = ToneAnalysis.power(at: Self.tone, in: heard) / max(ToneAnalysis.power(at: neighbour, in: heard), 1)
            #expect(ratio > 100, "1 kHz vs \(neighbour) Hz: \(ratio)")
        }
        // Amplitude 8000 → RMS 5657 unless something attenuates it.
        #expect(ToneAnalysis.rms(heard) > 4000, "rms \(ToneAnalysis.rms(heard))")
        #expect(ToneAnalysis.rms(silence) < 50, "sink B: rms \(ToneAnalysis.rms(silence))")
        try await feeder.value
        let played = playback.statistics
        #expect(played.overruns == 0 && played.xruns == 0, "\(played)")
        #expect(capture.statistics.xruns == 0, "\(capture.statistics)")
        #expect(capture.failure == nil && playback.failure == nil)
    }

    @Test("Capture delivers audio in real time: one second takes one second (±15 %)")
    func capturePacing() async throws {
        let capture = try ALSACapture(device: TestDevices.monitorB)
        defer { capture.stop() }
        try capture.start()
        _ = try await capture.collect(480)  // first period: the stream is flowing
        capture.discardBacklog()
        let started = ContinuousClock.now
        let samples = try await capture.collect(48_000)
        let elapsed = ContinuousClock.now - started
        #expect(samples.count == 48_000)
        #expect(elapsed > .milliseconds(850) && elapsed < .milliseconds(1150), "1 s of audio took \(elapsed)")
    }

    @Test("Playback consumes audio in real time: one second takes one second (±15 %)")
    func playbackPacing() async throws {
        let playback = try ALSAPlayback(device: TestDevices.playbackA)
        defer { playback.stop() }
        try playback.start()
        // Past the initial fill of the device buffer, frames are taken at the device's rate.
        try await Task.sleep(for: .milliseconds(300))
        let before = playback.statistics.framesPlayed
        let started = ContinuousClock.now
        try await Task.sleep(for: .seconds(1))
        let frames = playback.statistics.framesPlayed - before
        let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        let rate = Double(frames) / seconds
        #expect(rate > 48_000 * 0.85 && rate < 48_000 * 1.15, "\(frames) frames in \(seconds) s")
        // Nothing was written: every frame was silence, none of it an underrun.
        #expect(playback.statistics.silentFrames == playback.statistics.framesPlayed)
        #expect(playback.statistics.underruns == 0)
    }

    @Test("A capture opened before the call drops its stale backlog and reads current audio")
    func discardBacklog() async throws {
        // A ring large enough that the backlog does not overflow it.
        let capture = try ALSACapture(device: TestDevices.monitorA, configuration: ALSAStreamConfiguration(ringMilliseconds: 3000))
        let playback = try ALSAPlayback(device: TestDevices.playbackA)
        defer { capture.stop(); playback.stop() }
        try capture.start()
        try playback.start()  // silence until the tone comes
        try await Task.sleep(for: .milliseconds(600))
        let feeder = Task { try await playback.feed(ToneAnalysis.tone(frequency: Self.tone, count: 48_000 * 2)) }
        defer { feeder.cancel() }
        try await Task.sleep(for: .milliseconds(500))

        // The oldest buffered audio is from before the tone.
        let stale = try await capture.collect(4800)
        #expect(ToneAnalysis.rms(stale) < 50, "oldest 100 ms: rms \(ToneAnalysis.rms(stale))")
        let backlog = capture.availableFrames
        #expect(backlog > 24_000, "backlog \(backlog)")
        let dropped = capture.discardBacklog()
        #expect(dropped >= backlog)
        #expect(capture.statistics.framesDiscarded == dropped)
        let current = try await capture.collect(9600)
        #expect(ToneAnalysis.energyShare(at: Self.tone, in: current) > 0.8)
        #expect(capture.statistics.overruns == 0)

        // Keeping the newest samples caps latency without emptying the ring.
        try await Task.sleep(for: .milliseconds(200))
        capture.discardBacklog(keepingNewest: 960)
        #expect(capture.availableFrames <= 960 + 2 * capture.periodFrames)
    }

    @Test("After the ring overflows, the reader resumes with current audio, not the stale ring")
    func overrunResync() async throws {
        let capture = try ALSACapture(device: TestDevices.monitorA, configuration: ALSAStreamConfiguration(ringMilliseconds: 200))
        let playback = try ALSAPlayback(device: TestDevices.playbackA)
        defer { capture.stop(); playback.stop() }
        try capture.start()
        try playback.start()
        // 200 ms of ring (rounded up to 16384 samples, 341 ms) fills with silence and overflows.
        try await Task.sleep(for: .milliseconds(600))
        let feeder = Task { try await playback.feed(ToneAnalysis.tone(frequency: Self.tone, count: 48_000 * 2)) }
        defer { feeder.cancel() }
        try await Task.sleep(for: .milliseconds(600))

        let overrun = capture.statistics
        #expect(overrun.overruns > 0 && overrun.framesDropped > 0, "\(overrun)")
        // No discardBacklog(): the first read itself skips the pre-gap silence.
        let first = try await capture.collect(4800)
        #expect(ToneAnalysis.energyShare(at: Self.tone, in: first) > 0.8, "rms \(ToneAnalysis.rms(first))")
        #expect(capture.statistics.framesDiscarded > 0)
    }

    @Test("stop() while the audio threads run returns promptly, is idempotent, and closes for good")
    func stopWhileRunning() async throws {
        let capture = try ALSACapture(device: TestDevices.monitorA)
        let playback = try ALSAPlayback(device: TestDevices.playbackA)
        try capture.start()
        try playback.start()
        try capture.start()  // already running: no second thread
        let feeder = Task { try await playback.feed(ToneAnalysis.tone(frequency: Self.tone, count: 48_000 * 5)) }
        let reader = Task { try await capture.collect(48_000 * 5, within: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(300))

        // Stop from other threads while the feeder and the reader are busy with the rings.
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { capture.stop() }
                group.addTask { playback.stop() }
                group.addTask { capture.stop() }
            }
        }
        #expect(elapsed < .milliseconds(500), "stop took \(elapsed)")
        feeder.cancel()
        reader.cancel()
        _ = await feeder.result
        _ = await reader.result

        let captured = capture.statistics.framesCaptured
        try await Task.sleep(for: .milliseconds(100))
        #expect(capture.statistics.framesCaptured == captured, "the capture thread is gone")
        #expect(captured > 0 && playback.statistics.framesPlayed > 0)
        capture.stop()
        #expect(throws: ALSAError.stopped(device: TestDevices.monitorA, direction: .capture)) { try capture.start() }
        var leftover = [Int16](repeating: 0, count: 480)
        #expect(capture.read(into: &leftover) <= 480)
    }

    @Test("Releasing a running stream stops its thread and closes the device")
    func releaseWhileRunning() async throws {
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for _ in 0..<3 {
                let capture = try ALSACapture(device: TestDevices.monitorA)
                let playback = try ALSAPlayback(device: TestDevices.playbackA)
                try capture.start()
                try playback.start()
                usleep(50_000)
            }
        }
        #expect(elapsed < .seconds(2), "\(elapsed)")
        // The devices were closed: they open again.
        let capture = try ALSACapture(device: TestDevices.monitorA)
        try capture.start()
        #expect(try await capture.collect(480).count == 480)
        capture.stop()
    }

    @Test("A PulseAudio sink that does not exist fails at set-up, with PulseAudio's reason")
    func missingSink() {
        let error = #expect(throws: ALSAError.self) {
            _ = try ALSAPlayback(device: "pulse:DEVICE=parley_no_such_sink")
        }
        guard case let .cannotConfigure(device, direction, _, code, detail) = error else {
            Issue.record("expected cannotConfigure, got \(String(describing: error))")
            return
        }
        #expect(device == "pulse:DEVICE=parley_no_such_sink" && direction == .playback && code < 0)
        #expect(detail?.contains("PulseAudio") == true, "\(String(describing: detail))")
        #expect(error?.description.contains("\"pulse:DEVICE=parley_no_such_sink\"") == true)
    }

    @Test("20 ms periods are granted as asked")
    func twentyMillisecondPeriods() async throws {
        let configuration = ALSAStreamConfiguration(period: .milliseconds20)
        let capture = try ALSACapture(device: TestDevices.monitorB, configuration: configuration)
        let playback = try ALSAPlayback(device: TestDevices.playbackA, configuration: configuration)
        defer { capture.stop(); playback.stop() }
        #expect(capture.periodFrames == 960)
        #expect(playback.periodFrames == 960)
        #expect(playback.bufferFrames == 4 * 960)
        try capture.start()
        #expect(try await capture.collect(1920).count == 1920)
    }
}
