import Foundation
import Logging
import ParleyAudio
import ParleyClient
import ParleyConfiguration
import ParleyServer
import Testing

extension ALSAPulseDeviceTests {
    /// Issue 4: "parley bot through the pulse plugin captures speech played into the null sink
    /// and plays what it receives into another". The media pipeline of `parley bot --capture
    /// --playback`, in this process: espeak-ng speech played into sink A is captured from A's
    /// monitor by peer 1; peer 2 plays what it receives into sink B, whose monitor we record
    /// from the instant the speech starts. The speech must be there with its envelope intact,
    /// and arrive soon: the lag covers both devices' buffers, the call, and the jitter buffer.
    @Test("Speech played into sink A comes out of sink B through a call: envelope intact, within 300 ms")
    func speechThroughALSA() async throws {
        var logger = Logger(label: "parley.alsa-speech-test")
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

        let speech = try SynthesizedSpeech.speak(Array(SynthesizedSpeech.harvardSentences.prefix(2)))
        let ear = try ALSACapture(device: TestDevices.monitorB)
        defer { ear.stop() }
        try ear.start()

        var url = SignalingURL(host: "127.0.0.1", port: port, room: "alsa-speech")
        url.name = "microphone"
        let talker = try CallMedia(configuration: CallMediaConfiguration(hostAddresses: [.ipv4Loopback]),
                                   source: ALSACaptureSource(device: TestDevices.monitorA, periodMilliseconds: 10),
                                   sink: DiscardingSink(), logger: logger)
        let first = Orchestrator(options: .init(url: url), media: talker, logger: logger)
        let firstRun = Task { await first.run() }
        url.name = "loudspeaker"
        let listener = try CallMedia(configuration: CallMediaConfiguration(hostAddresses: [.ipv4Loopback], sends: false),
                                     source: SilenceSource(),
                                     sink: ALSAPlaybackSink(device: "pulse:DEVICE=\(PulseAudioDaemon.sinkB)", periodMilliseconds: 10),
                                     logger: logger)
        let second = Orchestrator(options: .init(url: url), media: listener, logger: logger)
        let secondRun = Task { await second.run() }
        defer {
            first.leave()
            second.leave()
        }

        // Sink A's monitor carries silence until the speech starts: the call is up and its
        // jitter buffer settled before the first word.
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let state = await second.currentState
            if let peer = state.peers.first, peer.media.connectionState == .connected, peer.firstAudioAt != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let connected = await second.currentState
        try #require(connected.peers.first?.firstAudioAt != nil, "\(connected.log.map(\.text))")
        try await Task.sleep(for: .seconds(1))

        let speaker = try ALSAPlayback(device: TestDevices.playbackA)
        defer { speaker.stop() }
        ear.discardBacklog()
        try speaker.start()
        let feeder = Task { try await speaker.feed(speech) }
        defer { feeder.cancel() }
        let heard = try await ear.collect(speech.count + 48_000, within: .seconds(30))

        let match = try #require(EnvelopeCorrelation.bestMatch(of: speech, in: heard))
        #expect(match.correlation >= 0.8, "envelope correlation \(match.correlation) at \(match.lagMilliseconds) ms")
        #expect(match.lagMilliseconds <= 300, "the speech came out of sink B \(match.lagMilliseconds) ms after it went into sink A")
        #expect(ToneAnalysis.rms(heard) > 300, "sink B's level: rms \(ToneAnalysis.rms(heard))")
        let received = await second.currentState.peers.first?.media
        print("ALSA speech: correlation \(match.correlation), sink A → sink B \(match.lagMilliseconds) ms; "
            + "listener's jitter buffer \(received?.jitterBufferDelayMilliseconds ?? 0) ms, concealed \(received?.concealedMilliseconds ?? 0) ms")

        first.leave()
        second.leave()
        _ = await (firstRun.value, secondRun.value)
    }
}
