import Logging
import ParleyAudio

/// Records the mix a call receives into a WAV file (48 kHz mono 16-bit).
public final class WAVRecordingSink: AudioSink {
    private let writer: WAVWriter
    private let logger: Logger
    private var failed = false

    /// - Throws: `WAVError` naming the file when it cannot be created.
    public init(path: String, logger: Logger) throws(WAVError) {
        writer = try WAVWriter(path: path)
        self.logger = logger
    }

    public func write(_ frame: [Int16]) {
        guard !failed else { return }
        do {
            try writer.append(frame)
        } catch {
            // A full disk must not end the call; say it once and stop recording.
            failed = true
            logger.error("recording stopped", metadata: ["error": "\(error)"])
        }
    }

    public func finish() {
        do {
            try writer.close()
        } catch {
            logger.error("could not finish the recording", metadata: ["error": "\(error)"])
        }
    }
}
