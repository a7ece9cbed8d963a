import Dispatch
import Foundation

/// SIGINT, SIGTERM and SIGHUP as calls to `handler` on a queue, instead of the default
/// immediate death, so a call can leave cleanly (peers get `left`, BYE and close_notify).
final class TerminationSignals {
    private let sources: [any DispatchSourceSignal]

    init(_ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP], handler: @escaping @Sendable (Int32) -> Void) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
