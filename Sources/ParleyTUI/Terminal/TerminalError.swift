/// Why the screen could not start. The descriptions are meant for the user as they are.
public enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    case termNotSet
    case unknownTerm(String)
    /// The terminal type is known but cannot address the cursor (e.g. "dumb").
    case unsuitableTerm(String)
    case notATerminal(String)
    case alreadyOpen
    case cannotStart(String)

    public var description: String {
        let hint = "set TERM, e.g. TERM=xterm-256color"
        return switch self {
        case .termNotSet:
            "cannot start the screen: TERM is not set; \(hint)"
        case .unknownTerm(let name):
            "cannot start the screen: TERM \"\(name)\" is unknown (terminfo not found); \(hint)"
        case .unsuitableTerm(let name):
            "cannot start the screen: TERM \"\(name)\" cannot position the cursor; \(hint)"
        case .notATerminal(let which):
            "cannot start the screen: \(which) is not a terminal (run it in a terminal, or use a non-interactive command)"
        case .alreadyOpen:
            "cannot start the screen: it is already open"
        case .cannotStart(let reason):
            "cannot start the screen: \(reason)"
        }
    }
}

/// A signal that ends the program. By the time it is reported the terminal is restored.
public enum TerminalSignal: Sendable, Equatable {
    case interrupt
    case terminate
    case hangup

    public var number: Int32 {
        switch self {
        case .interrupt: 2
        case .terminate: 15
        case .hangup: 1
        }
    }
}
