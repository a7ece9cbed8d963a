import COpus

/// An Opus decoder for 48 kHz mono (RFC 6716, libopus), one per incoming stream.
///
/// Feed it packets in order. For a lost packet, call `decodeFEC(nextPacket:samples:)` if the
/// following packet is already there (it may carry a coarse copy of the lost frame), else
/// `concealLoss(samples:)`; then decode the following packet normally.
///
/// RTP packets that were only padding (Chromium's bandwidth probes, `RTPPacket.isPaddingOnly`)
/// must never come here: the RTP layer drops them. An empty packet is refused with
/// `OpusError.emptyPacket` rather than silently concealed.
///
/// Not Sendable: libopus's decoder state has no locking, so one owner (the receive path) uses it.
public final class OpusDecoder {
    private let state: OpaquePointer

    public init() throws(OpusError) {
        var error: Int32 = 0
        guard let state = opus_decoder_create(Int32(OpusAudioFormat.sampleRate), Int32(OpusAudioFormat.channels), &error)
        else { throw OpusError(code: error == OPUS_OK ? OPUS_ALLOC_FAIL : error) }
        self.state = state
    }

    deinit {
        opus_decoder_destroy(state)
    }

    /// Samples the last decode call produced, whichever kind it was.
    public var lastPacketDuration: Int {
        var value: Int32 = 0
        return parley_opus_decoder_get_last_packet_duration(state, &value) == OPUS_OK ? Int(value) : 0
    }

    /// Forgets all history, as for a new stream.
    public func reset() throws(OpusError) {
        try OpusError.check(parley_opus_decoder_reset(state))
    }

    /// Decodes one packet into as many samples as it holds (up to 120 ms).
    public func decode(_ packet: [UInt8]) throws(OpusError) -> [Int16] {
        guard !packet.isEmpty else { throw .emptyPacket }
        return try decodeInt16(packet, samples: OpusAudioFormat.maximumSamplesPerPacket, fec: false)
    }

    /// Decodes one packet into float samples in −1…1.
    public func decodeFloat(_ packet: [UInt8]) throws(OpusError) -> [Float] {
        guard !packet.isEmpty else { throw .emptyPacket }
        return try decodeFloat(packet, samples: OpusAudioFormat.maximumSamplesPerPacket, fec: false)
    }

    /// Recovers a lost frame of `samples` (its duration, usually 960) from the forward error
    /// correction data in `nextPacket`, the packet that followed it. Without FEC data in that
    /// packet libopus conceals instead. Decode `nextPacket` itself afterwards as usual.
    public func decodeFEC(nextPacket: [UInt8], samples: Int) throws(OpusError) -> [Int16] {
        guard !nextPacket.isEmpty else { throw .emptyPacket }
        try Self.checkRecoveryLength(samples)
        return try decodeInt16(nextPacket, samples: samples, fec: true)
    }

    /// `decodeFEC(nextPacket:samples:)` into float samples.
    public func decodeFECFloat(nextPacket: [UInt8], samples: Int) throws(OpusError) -> [Float] {
        guard !nextPacket.isEmpty else { throw .emptyPacket }
        try Self.checkRecoveryLength(samples)
        return try decodeFloat(nextPacket, samples: samples, fec: true)
    }

    /// Packet loss concealment: `samples` (a multiple of 120, at most 5760) extrapolated from
    /// what came before.
    public func concealLoss(samples: Int) throws(OpusError) -> [Int16] {
        try Self.checkRecoveryLength(samples)
        return try decodeInt16(nil, samples: samples, fec: false)
    }

    /// `concealLoss(samples:)` into float samples.
    public func concealLossFloat(samples: Int) throws(OpusError) -> [Float] {
        try Self.checkRecoveryLength(samples)
        return try decodeFloat(nil, samples: samples, fec: false)
    }

    // MARK: Into a caller's buffer

    /// `decode(_:)` into the start of `output`, which grows to `maximumSamplesPerPacket` if it
    /// is shorter; returns the samples written. A buffer kept across calls makes decoding
    /// allocation-free (the receive path decodes 50 packets a second per peer).
    public func decode(_ packet: [UInt8], into output: inout [Int16]) throws(OpusError) -> Int {
        guard !packet.isEmpty else { throw .emptyPacket }
        return try decodeInt16(packet, samples: OpusAudioFormat.maximumSamplesPerPacket, fec: false, into: &output)
    }

    /// `decodeFEC(nextPacket:samples:)` into the start of `output`; returns the samples written.
    public func decodeFEC(nextPacket: [UInt8], samples: Int, into output: inout [Int16]) throws(OpusError) -> Int {
        guard !nextPacket.isEmpty else { throw .emptyPacket }
        try Self.checkRecoveryLength(samples)
        return try decodeInt16(nextPacket, samples: samples, fec: true, into: &output)
    }

    /// `concealLoss(samples:)` into the start of `output`; returns the samples written.
    public func concealLoss(samples: Int, into output: inout [Int16]) throws(OpusError) -> Int {
        try Self.checkRecoveryLength(samples)
        return try decodeInt16(nil, samples: samples, fec: false, into: &output)
    }

    private func decodeInt16(_ packet: [UInt8]?, samples: Int, fec: Bool) throws(OpusError) -> [Int16] {
        var pcm = [Int16](repeating: 0, count: samples)
        let decoded = try decodeInt16(packet, samples: samples, fec: fec, into: &pcm)
        pcm.removeSubrange(decoded...)
        return pcm
    }

    private func decodeInt16(_ packet: [UInt8]?, samples: Int, fec: Bool, into pcm: inout [Int16]) throws(OpusError) -> Int {
        if pcm.count < samples { pcm.append(contentsOf: repeatElement(0, count: samples - pcm.count)) }
        let decoded = Self.withPacket(packet) { data, length in
            pcm.withUnsafeMutableBufferPointer { output in
                guard let output = output.baseAddress else { return OPUS_BAD_ARG }
                return opus_decode(state, data, length, output, Int32(samples), fec ? 1 : 0)
            }
        }
        try OpusError.check(decoded)
        return Int(decoded)
    }

    private func decodeFloat(_ packet: [UInt8]?, samples: Int, fec: Bool) throws(OpusError) -> [Float] {
        var pcm = [Float](repeating: 0, count: samples)
        let decoded = Self.withPacket(packet) { data, length in
            pcm.withUnsafeMutableBufferPointer { output in
                guard let output = output.baseAddress else { return OPUS_BAD_ARG }
                return opus_decode_float(state, data, length, output, Int32(samples), fec ? 1 : 0)
            }
        }
        try OpusError.check(decoded)
        pcm.removeSubrange(Int(decoded)...)
        return pcm
    }

    /// A nil packet reaches libopus as a null pointer with length 0: its request for concealment.
    private static func withPacket(_ packet: [UInt8]?, _ body: (UnsafePointer<UInt8>?, Int32) -> Int32) -> Int32 {
        guard let packet else { return body(nil, 0) }
        // A datagram is far below 2^31 octets; clamping only guards the conversion.
        return packet.withUnsafeBufferPointer { body($0.baseAddress, Int32(clamping: $0.count)) }
    }

    private static func checkRecoveryLength(_ samples: Int) throws(OpusError) {
        guard OpusAudioFormat.isValidRecoveryLength(samples) else { throw .invalidFrameSize(samples: samples) }
    }
}

@available(*, unavailable, message: "one owner uses an Opus decoder; libopus state is not thread-safe")
extension OpusDecoder: Sendable {}
