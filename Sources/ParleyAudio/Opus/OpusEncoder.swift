import COpus

/// An Opus encoder for 48 kHz mono voice (RFC 6716, libopus), one per outgoing stream.
///
/// Not Sendable: libopus's encoder state has no locking, so one owner (the capture path) uses
/// it. It can still move between tasks as a `sending` value.
public final class OpusEncoder {
    public struct Configuration: Sendable, Hashable {
        /// Target bits per second (6,000–510,000). 64 kbit/s: fullband speech that keeps its
        /// quality under loss (wideband PESQ 4.1 clean, 3.1 at 10 % loss, where 32 kbit/s gives
        /// 3.1 and 2.3; README, "Speech quality"), for 64 kbit/s a peer each way.
        public var bitrate: Int
        /// In-band forward error correction (LBRR): each packet also carries a coarse copy of the
        /// previous frame, which a receiver uses when that frame's packet was lost.
        public var inbandFEC: Bool
        /// Expected loss, 0–100. FEC is only spent when this is above zero; update it from the
        /// fraction lost in RTCP receiver reports. A call keeps it at least at this value: 5 %
        /// covers the first losses before any report, for little cost on a clean path.
        public var packetLossPercentage: Int
        /// Discontinuous transmission: during silence most encoded packets are 1–2 octets and
        /// need not be sent.
        public var discontinuousTransmission: Bool
        /// 0–10; higher is better quality for more CPU.
        public var complexity: Int

        public init(bitrate: Int = 64_000, inbandFEC: Bool = true, packetLossPercentage: Int = 5,
                    discontinuousTransmission: Bool = false, complexity: Int = 9) {
            self.bitrate = bitrate
            self.inbandFEC = inbandFEC
            self.packetLossPercentage = packetLossPercentage
            self.discontinuousTransmission = discontinuousTransmission
            self.complexity = complexity
        }
    }

    /// libopus recommends 4000 octets as a safe upper bound for one packet.
    private static let maximumPacketSize = 4000

    private let state: OpaquePointer
    public private(set) var configuration: Configuration

    public init(configuration: Configuration = Configuration()) throws(OpusError) {
        var error: Int32 = 0
        guard let state = opus_encoder_create(Int32(OpusAudioFormat.sampleRate), Int32(OpusAudioFormat.channels),
                                              OPUS_APPLICATION_VOIP, &error)
        else { throw OpusError(code: error == OPUS_OK ? OPUS_ALLOC_FAIL : error) }
        self.state = state
        self.configuration = configuration
        // deinit runs for a partly initialised object too, so a throw below frees the state.
        try OpusError.check(parley_opus_set_signal_voice(state))
        try apply(configuration)
    }

    deinit {
        opus_encoder_destroy(state)
    }

    /// Changes the settings of a running encoder (for example the loss percentage after each
    /// receiver report).
    public func apply(_ configuration: Configuration) throws(OpusError) {
        try OpusError.check(parley_opus_set_bitrate(state, Int32(clamping: configuration.bitrate)))
        try OpusError.check(parley_opus_set_inband_fec(state, configuration.inbandFEC ? 1 : 0))
        try OpusError.check(parley_opus_set_packet_loss_perc(state, Int32(clamping: configuration.packetLossPercentage)))
        try OpusError.check(parley_opus_set_dtx(state, configuration.discontinuousTransmission ? 1 : 0))
        try OpusError.check(parley_opus_set_complexity(state, Int32(clamping: configuration.complexity)))
        self.configuration = configuration
    }

    /// Samples of delay the encoder adds (its lookahead).
    public var lookahead: Int {
        var value: Int32 = 0
        return parley_opus_get_lookahead(state, &value) == OPUS_OK ? Int(value) : 0
    }

    /// True when DTX is on and the last frame was silence not worth sending.
    public var isInDiscontinuousTransmission: Bool {
        var value: Int32 = 0
        return parley_opus_get_in_dtx(state, &value) == OPUS_OK && value != 0
    }

    /// Forgets all history, as for a new stream.
    public func reset() throws(OpusError) {
        try OpusError.check(parley_opus_encoder_reset(state))
    }

    /// Encodes one frame (a length in `OpusAudioFormat.encoderFrameSizes`, usually 960) into one
    /// Opus packet.
    public func encode(_ pcm: [Int16]) throws(OpusError) -> [UInt8] {
        try Self.checkFrameSize(pcm.count)
        return try encode { output, capacity in
            pcm.withUnsafeBufferPointer { input in
                guard let input = input.baseAddress else { return OPUS_BAD_ARG }
                return opus_encode(state, input, Int32(pcm.count), output, capacity)
            }
        }
    }

    /// Encodes one frame of float samples in −1…1.
    public func encode(_ pcm: [Float]) throws(OpusError) -> [UInt8] {
        try Self.checkFrameSize(pcm.count)
        return try encode { output, capacity in
            pcm.withUnsafeBufferPointer { input in
                guard let input = input.baseAddress else { return OPUS_BAD_ARG }
                return opus_encode_float(state, input, Int32(pcm.count), output, capacity)
            }
        }
    }

    private func encode(_ body: (UnsafeMutablePointer<UInt8>, Int32) -> Int32) throws(OpusError) -> [UInt8] {
        var packet = [UInt8](repeating: 0, count: Self.maximumPacketSize)
        let length = packet.withUnsafeMutableBufferPointer { output in
            guard let start = output.baseAddress else { return OPUS_BAD_ARG }
            return body(start, Int32(output.count))
        }
        try OpusError.check(length)
        packet.removeSubrange(Int(length)...)
        return packet
    }

    private static func checkFrameSize(_ samples: Int) throws(OpusError) {
        guard OpusAudioFormat.encoderFrameSizes.contains(samples) else { throw .invalidFrameSize(samples: samples) }
    }
}

@available(*, unavailable, message: "one owner uses an Opus encoder; libopus state is not thread-safe")
extension OpusEncoder: Sendable {}
