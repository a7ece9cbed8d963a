/// The number of 48 kHz samples an Opus packet decodes to, read from its TOC octet
/// (RFC 6716 §3.1) without decoding. Nil for a packet that is not valid Opus.
enum OpusPacketDuration {
    static func samples(in packet: [UInt8]) -> Int? {
        guard let toc = packet.first else { return nil }
        let configuration = Int(toc >> 3)
        let frameSamples: Int
        switch configuration {
        case 0...11: frameSamples = [480, 960, 1920, 2880][configuration % 4]  // SILK-only
        case 12...15: frameSamples = [480, 960][configuration % 2]  // hybrid
        default: frameSamples = [120, 240, 480, 960][configuration % 4]  // CELT-only
        }
        let frames: Int
        switch toc & 0x03 {
        case 0: frames = 1
        case 1, 2: frames = 2
        default:
            guard packet.count >= 2 else { return nil }
            frames = Int(packet[1] & 0x3F)
        }
        let total = frames * frameSamples
        guard total > 0, total <= OpusAudioFormat.maximumSamplesPerPacket else { return nil }
        return total
    }

    /// Only SILK and hybrid packets can carry in-band FEC (LBRR); CELT-only ones never do.
    static func mayCarryForwardErrorCorrection(_ packet: [UInt8]) -> Bool {
        guard let toc = packet.first else { return false }
        return toc >> 3 < 16
    }
}
