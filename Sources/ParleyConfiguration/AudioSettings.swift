/// `audio` section: ALSA devices as ALSA names them, and the period of the audio threads.
public struct AudioSettings: Sendable, Hashable {
    public var capture: String = "default"
    public var playback: String = "default"
    public var periodMilliseconds: Int = 10

    public init() {}

    func problems() -> [String] {
        [10, 20].contains(periodMilliseconds) ? [] : ["audio.period_ms must be 10 or 20, not \(periodMilliseconds)"]
    }
}

extension AudioSettings: Codable {
    enum CodingKeys: String, CodingKey {
        case capture, playback
        case periodMilliseconds = "period_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AudioSettings()
        capture = try c.decodeIfPresent(String.self, forKey: .capture) ?? d.capture
        playback = try c.decodeIfPresent(String.self, forKey: .playback) ?? d.playback
        periodMilliseconds = try c.decodeIfPresent(Int.self, forKey: .periodMilliseconds) ?? d.periodMilliseconds
    }
}

/// `opus` section: encoder settings for what Parley sends.
public struct OpusSettings: Sendable, Hashable {
    public var bitrate: Int = 64000
    public var inbandFEC: Bool = true
    public var dtx: Bool = false
    public var complexity: Int = 9

    public init() {}

    func problems() -> [String] {
        var problems: [String] = []
        if !(6000...510_000).contains(bitrate) { problems.append("opus.bitrate must be 6000…510000 bit/s, not \(bitrate)") }
        if !(0...10).contains(complexity) { problems.append("opus.complexity must be 0…10, not \(complexity)") }
        return problems
    }
}

extension OpusSettings: Codable {
    enum CodingKeys: String, CodingKey {
        case bitrate, dtx, complexity
        case inbandFEC = "inband_fec"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = OpusSettings()
        bitrate = try c.decodeIfPresent(Int.self, forKey: .bitrate) ?? d.bitrate
        inbandFEC = try c.decodeIfPresent(Bool.self, forKey: .inbandFEC) ?? d.inbandFEC
        dtx = try c.decodeIfPresent(Bool.self, forKey: .dtx) ?? d.dtx
        complexity = try c.decodeIfPresent(Int.self, forKey: .complexity) ?? d.complexity
    }
}
