/// How Parley wants Opus (RFC 7587) negotiated.
public struct OpusPreferences: Sendable, Hashable {
    /// The payload type Parley's own offers use; Chromium's choice, so logs read alike.
    public var payloadType: UInt8
    /// `minptime`: the shortest packet we send, in ms.
    public var minptime: UInt32
    /// `useinbandfec=1` asks the peer to add in-band FEC, which our jitter buffer uses for
    /// single losses.
    public var useInbandFEC: Bool
    /// `stereo`/`sprop-stereo`. Parley is mono.
    public var stereo: Bool
    /// Accept (in answers) or offer RFC 4733 `telephone-event`. Parley never sends DTMF.
    public var telephoneEvent: Bool
    /// The payload type of `telephone-event/48000` in Parley's own offers.
    public var telephoneEventPayloadType: UInt8

    public init(
        payloadType: UInt8 = 111,
        minptime: UInt32 = 10,
        useInbandFEC: Bool = true,
        stereo: Bool = false,
        telephoneEvent: Bool = false,
        telephoneEventPayloadType: UInt8 = 110
    ) {
        self.payloadType = payloadType
        self.minptime = minptime
        self.useInbandFEC = useInbandFEC
        self.stereo = stereo
        self.telephoneEvent = telephoneEvent
        self.telephoneEventPayloadType = telephoneEventPayloadType
    }

    /// Opus's RTP clock and channel count are fixed whatever is sent (RFC 7587 §7).
    public static let rtpMapEncodingName = "opus"
    public static let clockRate: UInt32 = 48000
    public static let channels: UInt8 = 2

    /// Offers state only what differs from RFC 7587 defaults (stereo=0 is the default).
    func offerParameters() -> [FormatParameters.Parameter] {
        var parameters = [
            FormatParameters.Parameter(name: "minptime", value: String(minptime)),
            FormatParameters.Parameter(name: "useinbandfec", value: useInbandFEC ? "1" : "0"),
        ]
        if stereo {
            parameters += [
                FormatParameters.Parameter(name: "stereo", value: "1"),
                FormatParameters.Parameter(name: "sprop-stereo", value: "1"),
            ]
        }
        return parameters
    }

    /// Answers state stereo explicitly: Firefox offers `stereo=1`, and the answer is where we
    /// say that we want mono.
    func answerParameters() -> [FormatParameters.Parameter] {
        let flag = stereo ? "1" : "0"
        return [
            FormatParameters.Parameter(name: "minptime", value: String(minptime)),
            FormatParameters.Parameter(name: "useinbandfec", value: useInbandFEC ? "1" : "0"),
            FormatParameters.Parameter(name: "stereo", value: flag),
            FormatParameters.Parameter(name: "sprop-stereo", value: flag),
        ]
    }
}
