// libFuzzer entry point for the SDP and ICE candidate parsers and the JSEP functions.
// Declarations only: the fuzzer build passes -parse-as-library and libFuzzer supplies main
// (FUZZING.md has the command). A plain `swift build` links an executable that does nothing.
import ParleyRTC

private let local = JSEPLocalParameters(
    iceUfrag: "fUzZ",
    icePwd: "fuzzPasswordFuzzPassword",
    fingerprint: SDPFingerprint(hashFunction: "sha-256", bytes: Array(0..<32)),
    ssrc: 0x1234_5678,
    cname: "fuzz-cname",
    streamID: "fuzz-stream",
    trackID: "fuzz-track",
    opus: OpusPreferences(telephoneEvent: true),
    sessionID: 1
)

private let parleyOffer = try? JSEP.makeOffer(local: local)

/// Crashes (the fuzzer's signal) when an invariant the tests also check is broken.
private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

private func fuzzSessionDescription(_ text: String) {
    guard let description = try? SessionDescription(parsing: text) else { return }
    let reparsed = try? SessionDescription(parsing: description.serialized())
    require(reparsed == description, "serialise → parse changed the description")

    if let answer = try? JSEP.makeAnswer(to: description, local: local) {
        require(answer.description.media.count == description.media.count, "answer has another section count")
        let answerText = answer.description.serialized()
        require((try? SessionDescription(parsing: answerText)) == answer.description, "answer does not round-trip")
        // The offerer must be able to apply the answer we wrote for it.
        require((try? JSEP.processAnswer(answer.description, toOffer: description)) != nil, "our answer is not acceptable to its offerer")
    }
    if let parleyOffer {
        _ = try? JSEP.processAnswer(description, toOffer: parleyOffer)
    }
    for section in [description as any SDPAttributeContainer] + description.media.map({ $0 as any SDPAttributeContainer }) {
        _ = (section.candidates, section.rtpMaps, section.formatParameters, section.rtcpFeedback, section.extMaps,
             section.ssrcAttributes, section.msids, section.fingerprints, section.rtcp, section.groups, section.direction)
    }
}

private func fuzzCandidate(_ text: String) {
    guard case let .candidate(candidate)? = try? ICECandidate.parseTrickled(text) else { return }
    let reparsed = try? ICECandidate(parsing: candidate.description)
    require(reparsed == candidate, "candidate does not round-trip")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: size > 0 ? data : nil, count: size > 0 ? size : 0)
    let text = String(decoding: bytes, as: UTF8.self)
    fuzzSessionDescription(text)
    fuzzCandidate(text)
    return 0
}
