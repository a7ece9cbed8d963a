import CALSA

/// Process-wide alsa-lib set-up that must happen before Parley's first ALSA call.
enum ALSALibrary {
    /// alsa-lib prints its diagnostics to stderr, which would corrupt the terminal UI;
    /// this routes them into a per-thread buffer that errors quote instead.
    private static let errorHandlerInstalled: Bool = parley_snd_lib_error_capture() >= 0

    static func prepare() {
        _ = errorHandlerInstalled
        parley_snd_lib_error_clear()
    }

    /// What alsa-lib last reported on this thread since `prepare()`, if anything.
    static func lastMessage() -> String? {
        guard let text = parley_snd_lib_error_last() else { return nil }
        // Some plugins end their message with a newline.
        let message = String(cString: text)
        let end = message.lastIndex { !$0.isWhitespace }.map { message.index(after: $0) } ?? message.startIndex
        let trimmed = message[..<end].drop { $0.isWhitespace }
        return trimmed.isEmpty ? nil : String(trimmed)
    }
}
