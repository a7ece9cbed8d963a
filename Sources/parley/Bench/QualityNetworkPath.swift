import ParleyAudio
import ParleyClient
import ParleyRTC

/// One direction of a call's audio in virtual time: the sender's Opus encoder configured as a
/// call configures it, RTP packets of 20 ms frames, a network that loses and delays them at
/// random (seeded, so a run repeats exactly), and the receiver's `JitterBuffer` pulled every
/// 10 ms. The receiver's RTP statistics make RTCP report blocks every RTCP interval; each one
/// reaches the sender one network delay later, and the sender sets the encoder's expected loss
/// from it as `CallMedia` does, so the in-band FEC is what a call would send.
struct QualityNetworkPath {
    struct Conditions: Sendable, Hashable {
        var lossPercent: Double
        /// Each packet's delay is `baseDelayMilliseconds` plus uniform in ±this.
        var jitterMilliseconds: Double
        var baseDelayMilliseconds = 30.0
        var seed: UInt64
    }

    struct Result {
        /// What the receiver played, 48 kHz, from virtual time zero.
        var output: [Int16]
        var statistics: JitterBufferStatistics
        var packetsSent: Int
        var packetsLost: Int
        /// The jitter buffer's delay after each pull while the speech was playing.
        var delays: [Double]
        /// The expected loss the encoder was set to, after each report.
        var encoderLossPercentages: [Int]

        var meanDelayMilliseconds: Double { delays.isEmpty ? 0 : delays.reduce(0, +) / Double(delays.count) }
    }

    static let frameSamples = CallMediaConfiguration.captureFrameSamples
    static let opusPayloadType: UInt8 = 111

    let conditions: Conditions
    let encoder: OpusEncoder.Configuration
    let jitterBuffer: JitterBuffer.Configuration
    let rtcpInterval: Duration

    init(conditions: Conditions, encoder: OpusEncoder.Configuration = CallMediaConfiguration().encoder,
         jitterBuffer: JitterBuffer.Configuration = CallMediaConfiguration().jitterBuffer,
         rtcpInterval: Duration = PeerConnectionConfiguration.defaultRTCPInterval) {
        self.conditions = conditions
        self.encoder = encoder
        self.jitterBuffer = jitterBuffer
        self.rtcpInterval = rtcpInterval
    }

    /// What `CallMedia` does with a report's fraction lost: FEC for at least the configured
    /// loss, at most 30 %.
    static func encoderLossPercentage(configured: Int, fractionLost: Double) -> Int {
        min(30, max(configured, Int((fractionLost * 100).rounded(.up))))
    }

    /// Sends `signal` (48 kHz) and plays until `tailMilliseconds` after its last packet is due.
    func run(_ signal: [Int16], speechRange: Range<Int>, tailMilliseconds: Double = 1000) throws -> Result {
        var random = SeededRandom(seed: conditions.seed)
        let encoder = try OpusEncoder(configuration: self.encoder)
        let buffer = try JitterBuffer(configuration: jitterBuffer)
        var sequencer = RTPSequencer(ssrc: RTPSequencer.randomSSRC(using: &random), payloadType: Self.opusPayloadType,
                                     using: &random)
        var receiveStatistics = RTPReceiveStatistics(ssrc: sequencer.ssrc)

        let frames = signal.count / Self.frameSamples
        // The receiver's clock ticks at an arbitrary phase to the sender's.
        let pullPhase = Double.random(in: 0..<10, using: &random)
        let lastArrival = Double(frames) * 20 + conditions.baseDelayMilliseconds + conditions.jitterMilliseconds
        let pulls = Int((lastArrival + tailMilliseconds) / 10)

        struct InFlight { var arrival: Double; var bytes: [UInt8] }
        var inFlight: [InFlight] = []
        /// Reports on their way back: when they reach the sender, and their fraction lost.
        var reports: [(arrival: Double, fractionLost: Double)] = []
        var nextReport = rtcpInterval.milliseconds * Double.random(in: 0.5...1.5, using: &random)
        var lossPercentage = self.encoder.packetLossPercentage
        var result = Result(output: [], statistics: .init(), packetsSent: 0, packetsLost: 0, delays: [],
                            encoderLossPercentages: [])
        result.output.reserveCapacity(pulls * JitterBuffer.samplesPerPull)

        let origin = ContinuousClock.now
        var framesSent = 0
        for pull in 0..<pulls {
            let now = pullPhase + Double(pull) * 10
            // The sender: every 20 ms frame due by now, with the loss figure of the reports it has.
            while framesSent < frames, Double(framesSent) * 20 <= now {
                let sent = Double(framesSent) * 20
                while let report = reports.first, report.arrival <= sent {
                    reports.removeFirst()
                    let percentage = Self.encoderLossPercentage(configured: self.encoder.packetLossPercentage,
                                                                fractionLost: report.fractionLost)
                    if percentage != lossPercentage {
                        lossPercentage = percentage
                        var settings = encoder.configuration
                        settings.packetLossPercentage = percentage
                        try encoder.apply(settings)
                    }
                    result.encoderLossPercentages.append(percentage)
                }
                let start = framesSent * Self.frameSamples
                let payload = try encoder.encode(Array(signal[start..<(start + Self.frameSamples)]))
                let packet = sequencer.next(payload: payload, samples: Self.frameSamples)
                framesSent += 1
                result.packetsSent += 1
                let jitter = conditions.jitterMilliseconds > 0
                    ? Double.random(in: -conditions.jitterMilliseconds...conditions.jitterMilliseconds, using: &random) : 0
                guard Double.random(in: 0..<100, using: &random) >= conditions.lossPercent else {
                    result.packetsLost += 1
                    continue
                }
                let arrival = max(sent, sent + conditions.baseDelayMilliseconds + jitter)
                let index = inFlight.firstIndex { $0.arrival > arrival } ?? inFlight.endIndex
                inFlight.insert(InFlight(arrival: arrival, bytes: packet.serialized()), at: index)
            }
            // The receiver: what has arrived, as the receive path parses it.
            while let first = inFlight.first, first.arrival <= now {
                inFlight.removeFirst()
                guard let packet = try? RTPPacket(parsing: first.bytes), !packet.isPaddingOnly else { continue }
                receiveStatistics.received(packet, arrival: first.arrival / 1000)
                buffer.insert(packet: packet.payload, sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp,
                              ssrc: packet.ssrc, arrival: origin.advanced(by: .microseconds(Int64(first.arrival * 1000))))
            }
            if now >= nextReport {
                if let block = receiveStatistics.makeReportBlock(now: now / 1000) {
                    reports.append((now + conditions.baseDelayMilliseconds, Double(block.fractionLost) / 256))
                }
                nextReport = now + rtcpInterval.milliseconds * Double.random(in: 0.5...1.5, using: &random)
            }
            result.output += buffer.pull(now: origin.advanced(by: .microseconds(Int64(now * 1000))))
            let playing = (pull * JitterBuffer.samplesPerPull)..<((pull + 1) * JitterBuffer.samplesPerPull)
            if playing.overlaps(speechRange) { result.delays.append(buffer.statistics.currentDelayMilliseconds) }
        }
        result.statistics = buffer.statistics
        return result
    }
}

extension QualityNetworkPath {
    /// The codec alone: `signal` encoded with the call's settings and decoded straight back,
    /// no RTP, network or jitter buffer. The ceiling the network rows fall from.
    static func codecOnly(_ signal: [Int16], encoder configuration: OpusEncoder.Configuration) throws -> [Int16] {
        let encoder = try OpusEncoder(configuration: configuration)
        let decoder = try OpusDecoder()
        var output: [Int16] = []
        output.reserveCapacity(signal.count)
        for start in stride(from: 0, through: signal.count - frameSamples, by: frameSamples) {
            output += try decoder.decode(try encoder.encode(Array(signal[start..<(start + frameSamples)])))
        }
        return output
    }
}

/// SplitMix64: every run of a condition with the same seed loses and delays the same packets.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Duration {
    var milliseconds: Double { seconds * 1000 }
}
