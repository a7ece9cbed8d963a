/// A `t=` line (RFC 8866 §5.9): NTP start and stop times; WebRTC always writes `t=0 0`.
/// `r=` lines stay in ``SessionDescription/otherLines``.
public struct SDPTiming: Sendable, Hashable {
    public var startTime: UInt64
    public var stopTime: UInt64

    public init(startTime: UInt64 = 0, stopTime: UInt64 = 0) {
        self.startTime = startTime
        self.stopTime = stopTime
    }

    init?(lineValue: String) {
        let fields = SDPText.tokens(lineValue)
        guard fields.count == 2,
              let start = SDPText.decimal(fields[0], as: UInt64.self),
              let stop = SDPText.decimal(fields[1], as: UInt64.self)
        else { return nil }
        self.init(startTime: start, stopTime: stop)
    }

    public var lineValue: String {
        "\(startTime) \(stopTime)"
    }
}
