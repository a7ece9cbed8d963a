/// Builds Parley's own audio m= section, the same way in offers and answers (RFC 8829 §5.2.1, §5.3.1).
struct JSEPAudioSection {
    var local: JSEPLocalParameters
    var mid: String?
    var proto: String
    var setup: SDPSetup
    var direction: MediaDirection
    var opusPayloadType: UInt8
    var opusParameters: [FormatParameters.Parameter]
    var telephoneEvent: (payloadType: UInt8, clockRate: UInt32)?

    func build() -> MediaDescription {
        var formats = [String(opusPayloadType)]
        if let telephoneEvent { formats.append(String(telephoneEvent.payloadType)) }

        var attributes = local.candidates.map { SDPAttribute(name: "candidate", value: $0.attributeValue) }
        attributes += [
            SDPAttribute(name: "ice-ufrag", value: local.iceUfrag),
            SDPAttribute(name: "ice-pwd", value: local.icePwd),
            SDPAttribute(name: "ice-options", value: "trickle"),
            local.fingerprint.attribute,
            setup.attribute,
        ]
        if let mid { attributes.append(SDPAttribute(name: "mid", value: mid)) }
        attributes.append(direction.attribute)
        let msid = MediaStreamID(streamID: local.streamID, trackID: local.trackID)
        // Without a=msid a browser's ontrack event carries no stream (RFC 8830 §2).
        if direction.sends { attributes.append(msid.attribute) }
        attributes.append(SDPAttribute(name: "rtcp-mux"))
        attributes.append(RTPMap(
            payloadType: opusPayloadType,
            encodingName: OpusPreferences.rtpMapEncodingName,
            clockRate: OpusPreferences.clockRate,
            channels: OpusPreferences.channels
        ).attribute)
        attributes.append(FormatParameters(payloadType: opusPayloadType, parameters: opusParameters).attribute)
        if let telephoneEvent {
            attributes.append(RTPMap(payloadType: telephoneEvent.payloadType, encodingName: "telephone-event", clockRate: telephoneEvent.clockRate).attribute)
            attributes.append(FormatParameters(payloadType: telephoneEvent.payloadType, parameters: [.init(name: "0-15")]).attribute)
        }
        if direction.sends {
            attributes.append(SSRCAttribute(ssrc: local.ssrc, attribute: "cname", value: local.cname).sdpAttribute)
            attributes.append(SSRCAttribute(ssrc: local.ssrc, attribute: "msid", value: msid.attributeValue).sdpAttribute)
        }
        if local.endOfCandidates { attributes.append(SDPAttribute(name: "end-of-candidates")) }

        return MediaDescription(
            kind: .audio,
            port: 9,
            proto: proto,
            formats: formats,
            connection: .placeholder,
            attributes: attributes
        )
    }

    /// The session-level lines JSEP writes (RFC 8829 §5.2.1).
    static func session(local: JSEPLocalParameters, bundle: [String], media: [MediaDescription]) -> SessionDescription {
        var attributes: [SDPAttribute] = []
        if !bundle.isEmpty {
            attributes.append(SDPGroup(semantics: SDPGroup.bundle, identificationTags: bundle).attribute)
        }
        return SessionDescription(
            origin: SDPOrigin(sessionID: String(local.sessionID), sessionVersion: String(local.sessionVersion)),
            attributes: attributes,
            media: media
        )
    }
}
