import ArgumentParser
import Foundation
import ParleyAudio
import ParleyClient

/// `parley bench quality`: what loss and jitter do to speech on Parley's audio path, scored by
/// wideband PESQ.
///
/// espeak-ng speech goes through `QualityNetworkPath` (the call's Opus encoder settings, RTP,
/// a seeded lossy and jittery network, the real jitter buffer with FEC, concealment and
/// time-stretching) and what the receiver played is scored against what was sent.
struct QualityBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Speech quality (wideband PESQ, MOS-LQO) through Opus, RTP, a lossy jittery network and the jitter buffer."
    )

    @Option(help: "Random packet loss rates to measure, in percent (comma separated).")
    var losses: String = "0,5,10,20"

    @Option(help: "Each packet's delay varies uniformly by ± this many milliseconds.")
    var jitter: Double = 20

    @Option(help: "Runs per loss rate, each with its own seeded loss and jitter pattern.")
    var seeds: Int = 3

    @Option(help: "Seconds of silence sent before the speech, as in a call already under way: the jitter buffer replaces its initial target once it has measured 2 s of arrivals.")
    var leadIn: Double = 3

    @Option(help: "espeak-ng voice (espeak-ng --voices lists them; en is its default, a male voice).")
    var voice: String = "en"

    @Option(help: "Opus bitrate in bit/s (default: what a call uses).")
    var bitrate: Int = CallMediaConfiguration().encoder.bitrate

    @Option(help: "Least packet loss % the encoder plans FEC for, whatever the reports say (default: what a call uses).")
    var lossFloor: Int = CallMediaConfiguration().encoder.packetLossPercentage

    @Option(help: "Python with the pesq package (default: the virtual environment scripts/setup --test makes).")
    var python: String?

    @Option(help: "The scoring script (default: scripts/pesq-score.py of this checkout).")
    var pesqScript: String?

    @Option(help: "Write the sent speech and every degraded version as 48 kHz WAV files into this directory.")
    var keepAudio: String?

    @Option(help: "Also write the results as JSON to this file.")
    var json: String?

    func validate() throws {
        guard !lossRates.isEmpty, lossRates.count == losses.split(separator: ",").count,
              lossRates.allSatisfy({ (0...50).contains($0) }) else {
            throw ValidationError("--losses: percentages 0…50, e.g. 0,5,10,20")
        }
        guard (0...100).contains(jitter) else { throw ValidationError("--jitter: 0…100 ms") }
        guard (1...20).contains(seeds) else { throw ValidationError("--seeds: 1…20") }
        guard (6_000...510_000).contains(bitrate) else { throw ValidationError("--bitrate: 6000…510000") }
        guard (0...30).contains(lossFloor) else { throw ValidationError("--loss-floor: 0…30 %") }
        guard (0...10).contains(leadIn) else { throw ValidationError("--lead-in: 0…10 s") }
    }

    var lossRates: [Double] { losses.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) } }

    func run() throws {
        let scorer = try QualityScorer.locate(python: python, script: pesqScript)
        let speech = try SynthesizedSpeech.speak(voice: voice)
        var encoder = CallMediaConfiguration().encoder
        encoder.bitrate = bitrate
        encoder.packetLossPercentage = lossFloor
        print("parley bench quality: espeak-ng speech (voice \(voice), \(SynthesizedSpeech.harvardSentences.count) Harvard sentences, "
            + String(format: "%.1f s", Double(speech.count) / 48_000) + "), Opus \(encoder.bitrate / 1000) kbit/s "
            + "in 20 ms frames, in-band FEC, complexity \(encoder.complexity), expected loss from RTCP reports (at least \(lossFloor) %); "
            + "network delay 30 ms ± \(Self.format(jitter)) ms uniform, random loss; "
            + "\(seeds) seeded run\(seeds == 1 ? "" : "s") per row; PESQ P.862.2 wideband at 16 kHz (\(scorer.script.lastPathComponent))")
        print("machine: \(MachineDescription.current)")

        let material = QualitySpeechMaterial(speech: speech, leadInSeconds: leadIn)
        let codecOnly = try QualityNetworkPath.codecOnly(material.signal, encoder: encoder)
        let codecScore = try scorer.score(reference: material.reference,
                                          degraded: [Array(codecOnly[material.speechRange.lowerBound...])])
        print(String(format: "the codec alone (encode → decode, no RTP, network or jitter buffer): MOS-LQO %.2f", codecScore[0]))
        var rows: [QualityRow] = []
        // No loss and no jitter first: what the buffer costs when the network costs nothing.
        let conditions = [(0.0, 0.0)] + lossRates.map { ($0, jitter) }
        print(QualityRow.header)
        for (loss, jitter) in conditions {
            var runs: [QualityNetworkPath.Result] = []
            for seed in 1...UInt64(seeds) {
                let path = QualityNetworkPath(conditions: .init(lossPercent: loss, jitterMilliseconds: jitter, seed: seed),
                                              encoder: encoder)
                runs.append(try path.run(material.signal, speechRange: material.speechRange))
            }
            let degraded = runs.map(material.degraded)
            let scores = try scorer.score(reference: material.reference, degraded: degraded)
            if let keepAudio {
                try FileManager.default.createDirectory(atPath: keepAudio, withIntermediateDirectories: true)
                try SynthesizedSpeech.write(material.reference, to: "\(keepAudio)/reference.wav")
                for (index, signal) in degraded.enumerated() {
                    try SynthesizedSpeech.write(signal, to: "\(keepAudio)/loss\(Self.format(loss))-jitter\(Self.format(jitter))-seed\(index + 1).wav")
                }
            }
            let row = QualityRow(lossPercent: loss, jitterMilliseconds: jitter, scores: scores, runs: runs)
            print(row.line)
            rows.append(row)
        }
        print("""
            MOS-LQO: mean over the runs (lowest–highest). concealed: audio made up by Opus PLC per run; FEC: lost \
            packets rebuilt from the next packet's in-band FEC per run (of the lost ones); late: packets that came \
            after their play-out time; delay: the jitter buffer's mean delay while the speech played / its target at \
            the end; stretches: time-stretch steps per run; encoder loss %: the expected loss the sender \
            last set from a receiver report.
            """)
        if let json {
            let writer = JSONEncoder()
            writer.outputFormatting = [.prettyPrinted, .sortedKeys]
            try writer.encode(QualityReport(voice: voice, bitrate: bitrate, codecOnlyScore: codecScore[0], rows: rows))
                .write(to: URL(fileURLWithPath: json))
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

/// The sent signal (lead-in silence, the speech, a short tail of silence) and the parts of it
/// that PESQ compares.
struct QualitySpeechMaterial {
    /// Silence after the speech, so that its last syllable is sent whole.
    static let tailSamples = 24_000
    /// How much of the receiver's output past the reference's end to hand PESQ: more than any
    /// network plus buffer delay here.
    static let slackSamples = 24_000

    let signal: [Int16]
    let speechRange: Range<Int>

    init(speech: [Int16], leadInSeconds: Double) {
        let leadIn = Int(leadInSeconds * 48_000)
        signal = [Int16](repeating: 0, count: leadIn) + speech + [Int16](repeating: 0, count: Self.tailSamples)
        speechRange = leadIn..<(leadIn + speech.count)
    }

    /// What was sent from the start of the speech on.
    var reference: [Int16] { Array(signal[speechRange.lowerBound...]) }

    /// What was played from the instant the speech was sent on (PESQ finds the delay).
    func degraded(_ result: QualityNetworkPath.Result) -> [Int16] {
        let start = min(speechRange.lowerBound, result.output.count)
        let end = min(result.output.count, start + reference.count + Self.slackSamples)
        return Array(result.output[start..<end])
    }
}

/// What `--json` writes.
struct QualityReport: Codable {
    var voice: String
    var bitrate: Int
    var codecOnlyScore: Double
    var rows: [QualityRow]
}

struct QualityRow: Codable {
    var lossPercent: Double
    var jitterMilliseconds: Double
    var scores: [Double]
    var meanScore: Double
    var concealedMilliseconds: Double
    var lostPackets: Double
    var forwardErrorCorrectionRecoveredPackets: Double
    var latePackets: Double
    var meanDelayMilliseconds: Double
    var finalTargetMilliseconds: Double
    var finalEncoderLossPercentage: Int
    var timeStretchSteps: Double

    init(lossPercent: Double, jitterMilliseconds: Double, scores: [Double], runs: [QualityNetworkPath.Result]) {
        self.lossPercent = lossPercent
        self.jitterMilliseconds = jitterMilliseconds
        self.scores = scores
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        meanScore = mean(scores)
        concealedMilliseconds = mean(runs.map(\.statistics.concealedMilliseconds))
        lostPackets = mean(runs.map { Double($0.packetsLost) })
        forwardErrorCorrectionRecoveredPackets = mean(runs.map { Double($0.statistics.forwardErrorCorrectionRecoveredPackets) })
        latePackets = mean(runs.map { Double($0.statistics.latePackets) })
        meanDelayMilliseconds = mean(runs.map(\.meanDelayMilliseconds))
        finalTargetMilliseconds = mean(runs.map(\.statistics.targetDelayMilliseconds))
        timeStretchSteps = mean(runs.map { Double($0.statistics.timeStretchDeletions + $0.statistics.timeStretchInsertions) })
        finalEncoderLossPercentage = runs.last?.encoderLossPercentages.last ?? CallMediaConfiguration().encoder.packetLossPercentage
    }

    static let header = "loss %  jitter   MOS-LQO (lowest–highest)  concealed  FEC (of lost)  late  delay / target  stretches  encoder loss %"

    var line: String {
        let loss = QualityBench.format(lossPercent).leftPadded(to: 6)
        let jitter = "±\(QualityBench.format(jitterMilliseconds)) ms".leftPadded(to: 7)
        return "\(loss)  \(jitter)  "
            + String(format: "%.2f (%.2f–%.2f)          %6.0f ms  %5.1f (%5.1f)  %4.1f  %3.0f / %3.0f ms  %9.1f  %14d",
                     meanScore, scores.min() ?? 0, scores.max() ?? 0, concealedMilliseconds,
                     forwardErrorCorrectionRecoveredPackets, lostPackets, latePackets, meanDelayMilliseconds,
                     finalTargetMilliseconds, timeStretchSteps, finalEncoderLossPercentage)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
