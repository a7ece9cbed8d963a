import Testing
import ParleyAudio
import ParleyTestSupport

@Suite("Opus encoder and decoder over libopus")
struct OpusCodecTests {
    static let frame = OpusAudioFormat.samplesPer20Milliseconds

    @Test("1 s of a 440 Hz tone through encode and decode keeps its frequency and energy")
    func toneRoundTrip() throws {
        let encoder = try OpusEncoder()
        let decoder = try OpusDecoder()
        let input = AudioTestSignals.tone(frequency: 440, samples: 48_000)
        var output: [Int16] = []
        for start in stride(from: 0, to: input.count, by: Self.frame) {
            let packet = try encoder.encode(Array(input[start..<(start + Self.frame)]))
            #expect(!packet.isEmpty && packet.count < 400)
            let decoded = try decoder.decode(packet)
            #expect(decoded.count == Self.frame)
            output += decoded
        }
        #expect(output.count == input.count)
        // Skip the first 100 ms while the codec settles.
        let steady = AudioTestSignals.floats(Array(output[4800...]))
        let frequency = AudioTestSignals.dominantFrequency(Array(steady.prefix(9600)))
        #expect(abs(frequency - 440) <= 440 * 0.02, "dominant \(frequency) Hz")
        let ratio = AudioTestSignals.rms(steady) / AudioTestSignals.rms(Array(input[4800...]))
        #expect(ratio > 0.7 && ratio < 1.3, "RMS ratio \(ratio)")
    }

    @Test("10 ms frames and float samples work the same way")
    func tenMillisecondFloatFrames() throws {
        let encoder = try OpusEncoder()
        let decoder = try OpusDecoder()
        let small = OpusAudioFormat.samplesPer10Milliseconds
        let input = AudioTestSignals.floats(AudioTestSignals.tone(frequency: 1000, samples: 24_000))
        var output: [Float] = []
        for start in stride(from: 0, to: input.count, by: small) {
            let decoded = try decoder.decodeFloat(try encoder.encode(Array(input[start..<(start + small)])))
            #expect(decoded.count == small)
            #expect(decoder.lastPacketDuration == small)
            output += decoded
        }
        let steady = Array(output[4800..<14400])
        let frequency = AudioTestSignals.dominantFrequency(steady)
        #expect(abs(frequency - 1000) <= 1000 * 0.02, "dominant \(frequency) Hz")
        #expect(steady.allSatisfy { abs($0) <= 1 })
        let ratio = AudioTestSignals.rms(steady) / AudioTestSignals.rms(Array(input[4800..<14400]))
        #expect(ratio > 0.7 && ratio < 1.3, "RMS ratio \(ratio)")
    }

    /// The tone changes from 440 Hz to 880 Hz at frame `lost`, whose packet is then lost. Only the
    /// FEC copy inside the next packet knows about the 880 Hz; concealment can only continue 440 Hz.
    @Test("in-band FEC in packet k+1 recovers lost frame k; PLC conceals with the right length")
    func forwardErrorCorrection() throws {
        let encoder = try OpusEncoder(configuration: .init(bitrate: 32_000, inbandFEC: true, packetLossPercentage: 20))
        let lost = 30
        let packets = try (0..<50).map { index in
            try encoder.encode(AudioTestSignals.tone(frequency: index < lost ? 440 : 880, samples: Self.frame,
                                                     start: index * Self.frame))
        }

        // FEC path: frames before the loss, then frame k from packet k+1, then k+1 itself.
        let fecDecoder = try OpusDecoder()
        var before: [Int16] = []
        for packet in packets[..<lost] { before = try fecDecoder.decode(packet) }
        let recovered = try fecDecoder.decodeFEC(nextPacket: packets[lost + 1], samples: Self.frame)
        let after = try fecDecoder.decode(packets[lost + 1])
        #expect(recovered.count == Self.frame)

        // Concealment path: the same, with no help from the next packet.
        let plcDecoder = try OpusDecoder()
        for packet in packets[..<lost] { _ = try plcDecoder.decode(packet) }
        let concealed = try plcDecoder.concealLoss(samples: Self.frame)
        #expect(concealed.count == Self.frame)
        #expect(plcDecoder.lastPacketDuration == Self.frame)

        // Tone energy close to the neighbours'.
        let neighbours = (AudioTestSignals.rms(before) + AudioTestSignals.rms(after)) / 2
        let energy = AudioTestSignals.rms(recovered) / neighbours
        #expect(energy > 0.5 && energy < 1.5, "recovered frame RMS \(energy) of its neighbours'")

        // The part of frame k after the encoder's 312-sample delay is 880 Hz in the input.
        let tail = { (pcm: [Int16]) in AudioTestSignals.floats(Array(pcm.suffix(600))) }
        let recoveredTail = tail(recovered), concealedTail = tail(concealed)
        #expect(AudioTestSignals.power(of: 880, in: recoveredTail) > 4 * AudioTestSignals.power(of: 440, in: recoveredTail),
                "FEC carries the new tone")
        #expect(AudioTestSignals.power(of: 440, in: concealedTail) > 4 * AudioTestSignals.power(of: 880, in: concealedTail),
                "concealment only continues the old one")
    }

    @Test("invalid packets (RFC 6716 §3.4) are libopus errors with its text, not crashes", arguments: [
        [0x03] as [UInt8], // code 3 without its frame count octet
        [0x03, 0x00], // code 3 with zero frames
        [0x1B, 0x03, 0x00, 0x00, 0x00], // code 3, three 60 ms frames: over 120 ms
        [0x01, 0xAA], // code 1 (two equal frames) with an odd number of octets
        [0x02, 0xFC, 0x01], // code 2 whose first frame is longer than the packet
    ])
    func invalidPackets(packet: [UInt8]) throws {
        let decoder = try OpusDecoder()
        #expect {
            try decoder.decode(packet)
        } throws: { error in
            guard case let .library(code, message)? = error as? OpusError else { return false }
            return code == -4 && message == "corrupted stream"
        }
        // The decoder is still usable afterwards.
        let good = try OpusEncoder().encode(AudioTestSignals.tone(frequency: 300, samples: Self.frame))
        #expect(try decoder.decode(good).count == Self.frame)
    }

    @Test("random garbage decodes to an error or to whole frames, never a crash")
    func garbage() throws {
        let decoder = try OpusDecoder()
        var generator = SplitMix64(seed: 6716)
        var errors = 0
        for _ in 0..<3000 {
            let packet = (0..<Int.random(in: 1...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            do {
                let samples = try decoder.decode(packet)
                #expect(samples.count % 120 == 0 && samples.count <= OpusAudioFormat.maximumSamplesPerPacket)
            } catch {
                errors += 1
            }
        }
        #expect(errors > 100, "garbage is mostly recognisable as such")
    }

    @Test("what never reaches libopus: empty packets, odd frame sizes")
    func refusedInput() throws {
        let encoder = try OpusEncoder()
        let decoder = try OpusDecoder()
        // An RTP packet that was only padding must be dropped by the RTP layer; if it gets here
        // anyway it is refused, not concealed.
        #expect(throws: OpusError.emptyPacket) { try decoder.decode([]) }
        #expect(throws: OpusError.emptyPacket) { try decoder.decodeFEC(nextPacket: [], samples: 960) }
        #expect(throws: OpusError.invalidFrameSize(samples: 961)) { try encoder.encode([Int16](repeating: 0, count: 961)) }
        #expect(throws: OpusError.invalidFrameSize(samples: 0)) { try encoder.encode([Float]()) }
        #expect(throws: OpusError.invalidFrameSize(samples: 100)) { try decoder.concealLoss(samples: 100) }
        #expect(throws: OpusError.invalidFrameSize(samples: 5880)) { try decoder.concealLossFloat(samples: 5880) }
        for size in OpusAudioFormat.encoderFrameSizes.sorted() {
            let packet = try encoder.encode([Int16](repeating: 0, count: size))
            #expect(try decoder.decode(packet).count == size)
        }
    }

    @Test("configuration reaches libopus: bitrate changes packet sizes, DTX shrinks silence")
    func configuration() throws {
        var generator = SplitMix64(seed: 1)
        // A tone with noise, so that more bits are worth spending.
        let input = AudioTestSignals.tone(frequency: 300, samples: 48_000, amplitude: 0.3).map {
            $0 &+ Int16.random(in: -3000...3000, using: &generator)
        }
        func averagePacketSize(_ configuration: OpusEncoder.Configuration) throws -> Double {
            let encoder = try OpusEncoder(configuration: configuration)
            var total = 0
            for start in stride(from: 0, to: input.count, by: Self.frame) {
                total += try encoder.encode(Array(input[start..<(start + Self.frame)])).count
            }
            return Double(total) / Double(input.count / Self.frame)
        }
        let low = try averagePacketSize(.init(bitrate: 12_000))
        let high = try averagePacketSize(.init(bitrate: 64_000))
        #expect(high > 2.5 * low, "64 kbit/s: \(high) octets, 12 kbit/s: \(low)")
        // 64 kbit/s at 50 packets/s is 160 octets a packet.
        #expect(high > 120 && high < 200)

        let silence = [Int16](repeating: 0, count: Self.frame)
        let dtx = try OpusEncoder(configuration: .init(discontinuousTransmission: true))
        let dtxSizes = try (0..<50).map { _ in try dtx.encode(silence).count }
        #expect(dtxSizes.suffix(30).filter { $0 <= 2 }.count >= 25, "DTX sizes \(dtxSizes)")
        #expect(dtx.isInDiscontinuousTransmission)
        let continuous = try OpusEncoder(configuration: .init(discontinuousTransmission: false))
        let continuousSizes = try (0..<50).map { _ in try continuous.encode(silence).count }
        #expect(!continuous.isInDiscontinuousTransmission)
        #expect(continuousSizes.suffix(30).allSatisfy { $0 > 2 }, "sizes without DTX \(continuousSizes)")

        // Settings change on a running encoder.
        try dtx.apply(.init(bitrate: 24_000, packetLossPercentage: 5, discontinuousTransmission: false, complexity: 5))
        #expect(dtx.configuration.complexity == 5)
        #expect(try (0..<5).map { _ in try dtx.encode(silence).count }.last ?? 0 > 2)
        #expect(throws: OpusError.self) { try dtx.apply(.init(complexity: 11)) }
    }

    @Test("lookahead, reset, and many encoders and decoders created and freed")
    func lifecycle() throws {
        for _ in 0..<200 {
            let encoder = try OpusEncoder()
            let decoder = try OpusDecoder()
            #expect(encoder.lookahead == 312)
            _ = try decoder.decode(try encoder.encode(AudioTestSignals.tone(frequency: 500, samples: Self.frame)))
            try encoder.reset()
            try decoder.reset()
        }
    }

    @Test("decoding into a kept buffer gives what the allocating calls give, for packets, FEC and concealment")
    func decodeIntoBuffer() throws {
        let encoder = try OpusEncoder()
        let allocating = try OpusDecoder()
        let buffered = try OpusDecoder()
        let input = AudioTestSignals.tone(frequency: 523, samples: 48_000)
        let packets = try stride(from: 0, to: input.count, by: Self.frame).map {
            try encoder.encode(Array(input[$0..<($0 + Self.frame)]))
        }
        // Shorter than a packet's worth: the buffer must grow, not overflow.
        var buffer = [Int16](repeating: 0, count: 10)
        for (index, packet) in packets.enumerated() {
            let expected: [Int16]
            let count: Int
            switch index % 10 {
            case 3:
                expected = try allocating.concealLoss(samples: Self.frame)
                count = try buffered.concealLoss(samples: Self.frame, into: &buffer)
            case 6:
                expected = try allocating.decodeFEC(nextPacket: packet, samples: Self.frame)
                count = try buffered.decodeFEC(nextPacket: packet, samples: Self.frame, into: &buffer)
            default:
                expected = try allocating.decode(packet)
                count = try buffered.decode(packet, into: &buffer)
            }
            #expect(count == expected.count)
            #expect(Array(buffer[0..<count]) == expected, "packet \(index)")
        }
        #expect(throws: OpusError.emptyPacket) { try buffered.decode([], into: &buffer) }
    }
}
