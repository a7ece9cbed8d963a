import Foundation

/// How to open the terminal.
public struct TerminalOptions: Sendable {
    public enum Colors: Sendable, Equatable {
        /// Colours when the terminal has them and NO_COLOR is not set.
        case auto
        case never
    }

    /// The terminal type; nil reads TERM from `environment`.
    public var termName: String?
    /// Read for TERM and NO_COLOR.
    public var environment: [String: String]
    public var inputDescriptor: Int32
    public var outputDescriptor: Int32
    public var colors: Colors
    /// Whether to show the microphone state in the window title (only on terminals known to
    /// take xterm's title sequence).
    public var setsTitle: Bool
    /// Whether to catch SIGINT, SIGTERM, SIGHUP (restore the terminal, then report them),
    /// SIGWINCH (resize) and SIGTSTP (ctrl-z: restore, stop, redraw on return).
    public var handlesSignals: Bool
    /// Whether to put the terminal back on a crash and at exit() (see shim.h's crash guard).
    public var guardsCrashes: Bool

    public init(
        termName: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        inputDescriptor: Int32 = 0,
        outputDescriptor: Int32 = 1,
        colors: Colors = .auto,
        setsTitle: Bool = true,
        handlesSignals: Bool = true,
        guardsCrashes: Bool = true
    ) {
        self.termName = termName
        self.environment = environment
        self.inputDescriptor = inputDescriptor
        self.outputDescriptor = outputDescriptor
        self.colors = colors
        self.setsTitle = setsTitle
        self.handlesSignals = handlesSignals
        self.guardsCrashes = guardsCrashes
    }

    /// Terminal types whose emulators take OSC 0 (window title) and xterm's title stack.
    static let titlePrefixes = ["xterm", "screen", "tmux", "rxvt", "alacritty", "kitty", "foot", "wezterm", "vte", "gnome", "konsole", "st-"]

    static func supportsTitle(_ term: String) -> Bool {
        let lower = term.lowercased()
        return titlePrefixes.contains { lower.hasPrefix($0) }
    }

    /// NO_COLOR (no-color.org): present and not empty means no colour.
    var noColorRequested: Bool {
        if let value = environment["NO_COLOR"], !value.isEmpty { return true }
        return false
    }
}
