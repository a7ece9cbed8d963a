import Foundation
import ParleyAudio
import Testing

extension BrowserClientTests {
    /// Chromium's fake microphone plays the file in a loop from when the page opens it, so where
    /// the speech starts in the bot's recording says nothing by itself; that the next loop
    /// follows one file length later (within 300 ms) does: the path neither stalls nor piles up
    /// delay. Chromium's echo cancellation, noise suppression and gain control stay on, as for
    /// a person: they change levels, not where the syllables are.
    @Test("Chromium sends espeak-ng speech; the bot's recording follows its loudness envelope, loop after loop")
    func browserSpeechReachesBot() async throws {
        try await withServerAndBrowsers { server, driver in
            let room = Self.newRoom("speech")
            let speech = try SynthesizedSpeech.speak(Array(SynthesizedSpeech.harvardSentences.prefix(2)))
            let loop = speech + [Int16](repeating: 0, count: 24_000)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("parley-speech-\(UUID().uuidString.prefix(8)).wav")
            defer { try? FileManager.default.removeItem(at: file) }
            try SynthesizedSpeech.write(loop, to: file.path)

            let page = ParleyPage(label: "chromium", session: try await driver.newSession(
                extraArguments: ["--use-file-for-fake-audio-capture=\(file.path)"]))
            try await page.open(server.pageURL(room: room))
            try await page.join(as: "chromium")
            _ = try await page.waitForOwnId()
            // Long enough for two whole loops wherever the first one starts, after the call is up.
            let seconds = Int((Double(loop.count) / 48_000 * 3).rounded(.up)) + 2
            let bot = try BotProcess(name: "ear", server: server, room: room,
                                     arguments: ["--listen-only", "--duration", "\(seconds)"])
            do {
                try await bot.finish(within: .seconds(seconds + 20))
            } catch {
                await bot.stop()
                throw error
            }
            let recording = try bot.recording()
            let loopFrames = loop.count / EnvelopeCorrelation.frameSamples
            let heard = EnvelopeCorrelation.envelope(recording)
            let reference = EnvelopeCorrelation.envelope(loop)
            let found = EnvelopeCorrelation.bestMatch(ofEnvelope: reference, inEnvelope: heard)
            let best = try #require(found, "a \(recording.count / 48) ms recording, a \(loopFrames * 10) ms loop:\n\(bot.log)")
            #expect(best.correlation >= 0.7, "envelope correlation \(best.correlation) at \(best.lagMilliseconds) ms:\n\(bot.log)")

            // The neighbouring loop, one file length after or before, give or take 300 ms: Chromium's
            // fake device is paced by a timer of its own, and the bot's jitter buffer time-stretches.
            let slack = 30
            let neighbours = [best.lagFrames + loopFrames, best.lagFrames - loopFrames].filter {
                $0 - slack >= 0 && $0 + slack + reference.count <= heard.count
            }
            let expected = try #require(neighbours.first, "no whole second loop in \(recording.count / 48) ms, the best at \(best.lagMilliseconds) ms")
            let other = EnvelopeCorrelation.bestMatch(ofEnvelope: reference, inEnvelope: heard,
                                                      lags: (expected - slack)...(expected + slack))
            let neighbour = try #require(other)
            #expect(neighbour.correlation >= 0.7, "the other loop: correlation \(neighbour.correlation)")
            #expect(abs(neighbour.lagFrames - expected) < slack,
                    "loops \(abs(neighbour.lagFrames - best.lagFrames) * 10) ms apart, the file is \(loopFrames * 10) ms")
            print("browser speech: correlation \(best.correlation) at \(best.lagMilliseconds) ms, the other loop "
                + "\(neighbour.correlation) at \(neighbour.lagMilliseconds) ms (file \(loopFrames * 10) ms)")
        }
    }
}
