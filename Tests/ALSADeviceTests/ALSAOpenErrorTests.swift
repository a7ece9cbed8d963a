import ParleyAudio
import Testing

/// Failures to open that a caller turns into receive-only or send-only, with a message
/// naming the device. No sound server needed.
@Suite("ALSA open errors")
struct ALSAOpenErrorTests {
    @Test("A missing hardware device throws, naming the device and the reason", arguments: ALSAStreamDirection.allCases)
    func missingHardware(direction: ALSAStreamDirection) {
        let error = #expect(throws: ALSAError.self) {
            switch direction {
            case .capture: _ = try ALSACapture(device: "hw:42,0")
            case .playback: _ = try ALSAPlayback(device: "hw:42,0")
            }
        }
        guard let error else { return }
        #expect(error.device == "hw:42,0")
        let message = error.description
        #expect(message.hasPrefix("cannot open \(direction) device \"hw:42,0\": "), "\(message)")
        #expect(message.contains("(ALSA error -"), "\(message)")
        guard case let .cannotOpen(_, reportedDirection, code, _) = error else {
            Issue.record("expected cannotOpen, got \(error)")
            return
        }
        #expect(reportedDirection == direction)
        #expect(code < 0)
    }

    @Test("An unknown PCM name is reported with alsa-lib's own explanation")
    func unknownName() {
        let error = #expect(throws: ALSAError.self) {
            _ = try ALSACapture(device: "parley_no_such_pcm")
        }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("cannot open capture device \"parley_no_such_pcm\": "), "\(message)")
        #expect(message.contains("Unknown PCM parley_no_such_pcm"), "\(message)")
    }
}
