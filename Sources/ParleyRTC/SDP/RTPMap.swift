/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]` (RFC 8866 §6.6).
public struct RTPMap: Sendable, Hashable {
    public static let attributeName = "rtpmap"

    public var payloadType: UInt8
    public var encodingName: String
    public var clockRate: UInt32
    /// For audio, the number of channels. Opus always says 2 (RFC 7587 §7), even for mono.
    public var channels: UInt8?

    public init(payloadType: UInt8, encodingName: String, clockRate: UInt32, channels: UInt8? = nil) {
        self.payloadType = payloadType
        self.encodingName = encodingName
        self.clockRate = clockRate
        self.channels = channels
    }

    public init?(attributeValue: String) {
        let fields = SDPText.tokens(attributeValue)
        guard fields.count == 2,
              let payloadType = SDPText.decimal(fields[0], as: UInt8.self), payloadType <= 127
        else { return nil }
        let parts = SDPText.split(fields[1], at: UInt8(ascii: "/"))
        guard (2...3).contains(parts.count), !parts[0].isEmpty,
              let clockRate = SDPText.decimal(parts[1], as: UInt32.self)
        else { return nil }
        var channels: UInt8?
        if parts.count == 3 {
            guard let parsed = SDPText.decimal(parts[2], as: UInt8.self) else { return nil }
            channels = parsed
        }
        self.init(payloadType: payloadType, encodingName: parts[0], clockRate: clockRate, channels: channels)
    }

    public var attributeValue: String {
        "\(payloadType) \(encodingName)/\(clockRate)" + (channels.map { "/\($0)" } ?? "")
    }

    public var attribute: SDPAttribute {
        SDPAttribute(name: Self.attributeName, value: attributeValue)
    }

    /// `opus/48000/2`, the only form RFC 7587 §7 allows. Encoding names are case-insensitive.
    public var isOpus: Bool {
        encodingName.lowercased() == "opus" && clockRate == 48000 && channels == 2
    }

    /// RFC 4733 DTMF events.
    public var isTelephoneEvent: Bool {
        encodingName.lowercased() == "telephone-event"
    }
}
