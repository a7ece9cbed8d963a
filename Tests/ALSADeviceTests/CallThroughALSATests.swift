import Foundation
import Logging
import ParleyAudio
import ParleyClient
import ParleyConfiguration
import ParleyServer
import Testing

extension ALSAPulseDeviceTests {
    static let spokenTone = 800.0
    static let answeredTone = 330.0

    /// The media pipeline of `parley bot --capture/--playback` and `parley join`, on real paced
    /// devices: a tone played into sink A is captured from A's monitor by peer 1 and sent over
    /// WebRTC; peer 2 plays what it receives into sink B, whose monitor we record.
    @Test("A call captures from one ALSA device and plays into another")
    func callThroughALSA() async throws {
        var logger = Logger(label: "parley.alsa-call-test")
        logger.logLevel = .critical
        var configuration = ParleyConfiguration()
        configuration.server.host = "127.0.0.1"
        configuration.server.port = 0
        let server = SignalingServer(configuration: configuration, logger: logger)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let serverTask = Task { try await server.run(handleSignals: false) { portSink.yield($0) } }
        defer { serverTask.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        // What "speaks" into sink A: a tone, fed in real time.
        let speaker = try ALSAPlayback(device: TestDevices.playbackA)
        defer { speaker.stop() }
        try speaker.start()
        let speech = ToneAnalysis.tone(frequency: Self.spokenTone, count: 48_000 * 8)
        let feeder = Task { try await speaker.feed(speech) }
        defer { feeder.cancel() }

        // What we hear of sink B.
        let ear = try ALSACapture(device: TestDevices.monitorB)
        defer { ear.stop() }
        try ear.start()

        let url = SignalingURL(host: "127.0.0.1", port: port, room: "alsa")
        var named = url
        named.name = "microphone"
        let talker = try CallMedia(configuration: CallMediaConfiguration(hostAddresses: [.ipv4Loopback]),
                                   source: ALSACaptureSource(device: TestDevices.monitorA, periodMilliseconds: 10),
                                   sink: DiscardingSink(), logger: logger)
        let first = Orchestrator(options: .init(url: named), media: talker, logger: logger)
        let firstRun = Task { await first.run() }
        named.name = "loudspeaker"
        let listener = try CallMedia(configuration: CallMediaConfiguration(hostAddresses: [.ipv4Loopback]),
                                     source: ToneSource(frequency: Self.answeredTone),
                                     sink: ALSAPlaybackSink(device: "pulse:DEVICE=\(PulseAudioDaemon.sinkB)", periodMilliseconds: 10),
                                     logger: logger)
        let second = Orchestrator(options: .init(url: named), media: listener, logger: logger)
        let secondRun = Task { await second.run() }
        defer {
            first.leave()
            second.leave()
        }

        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let state = await second.currentState
            if let peer = state.peers.first, peer.media.connectionState == .connected, peer.firstAudioAt != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let connected = await second.currentState
        #expect(connected.peers.first?.media.connectionState == .connected, "\(connected.log.map(\.text))")

        // Let the audio settle through both devices, then listen to sink B for a second.
        try await Task.sleep(for: .seconds(1.5))
        ear.discardBacklog()
        let heard = try await ear.collect(48_000)
        let frequency = DominantFrequency.estimate(heard)
        #expect(frequency.map { abs($0 - Self.spokenTone) / Self.spokenTone < 0.02 } == true,
                "sink B played \(frequency.map { "\($0) Hz" } ?? "silence"), expected the \(Self.spokenTone) Hz spoken into sink A")
        #expect(ToneAnalysis.rms(heard) > 500, "sink B's level: rms \(ToneAnalysis.rms(heard))")

        first.leave()
        second.leave()
        _ = await (firstRun.value, secondRun.value)
    }
}
