import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// The screen thread's state. It is created on the opening thread and then used only by the
/// screen thread, which is what makes the unchecked Sendable sound.
final class ScreenLoop: @unchecked Sendable {
    let terminal: Terminal
    var controller: ScreenController
    var throttle: RedrawThrottle
    let intentSink: AsyncStream<UserIntent>.Continuation
    let signalSink: AsyncStream<TerminalSignal>.Continuation
    var lastState: ScreenState?
    var lastSize: TerminalSize?

    init(
        terminal: Terminal, controller: ScreenController, throttle: RedrawThrottle,
        intentSink: AsyncStream<UserIntent>.Continuation, signalSink: AsyncStream<TerminalSignal>.Continuation
    ) {
        self.terminal = terminal
        self.controller = controller
        self.throttle = throttle
        self.intentSink = intentSink
        self.signalSink = signalSink
    }

    func run(owner: TerminalUI) {
        defer {
            terminal.close()
            owner.markStopped()
            intentSink.finish()
            signalSink.finish()
        }
        while true {
            let inbox = owner.takeInbox()
            if inbox.stop { return }
            if let room = inbox.room { controller.update(room: room) }
            if let rooms = inbox.rooms { controller.update(rooms: rooms) }

            let now = ContinuousClock.now
            emit(controller.tick(now: now))
            let state = controller.screenState
            if state != lastState || terminal.size != lastSize {
                throttle.markDirty()
            }
            if throttle.shouldDraw(now: now) {
                let buffer = ScreenLayout.render(state, size: terminal.size, glyphs: terminal.glyphs)
                terminal.draw(buffer)
                lastState = state
                lastSize = terminal.size
                owner.didDraw(size: terminal.size)
            }

            var waits: [Duration] = [.seconds(1)]
            if let budget = throttle.waitBudget(now: now) { waits.append(budget) }
            if let deadline = controller.nextDeadline { waits.append(max(.zero, deadline - now)) }
            let timeout = Self.milliseconds(waits.min() ?? .seconds(1))

            var descriptors = [
                pollfd(fd: terminal.keyDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: owner.wakeDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            if let signalFD = terminal.signalDescriptor {
                descriptors.append(pollfd(fd: signalFD, events: Int16(POLLIN), revents: 0))
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0 && errno != EINTR { return }

            if handleSignals() == .stop { return }
            if descriptors[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 && descriptors[0].revents & Int16(POLLIN) == 0 {
                // The terminal went away (hangup without a signal): nothing left to draw on.
                return
            }
            if descriptors[0].revents & Int16(POLLIN) != 0 {
                let keyTime = ContinuousClock.now
                for key in terminal.readKeys() {
                    if key == .resize {
                        terminal.updateSize()
                        continue
                    }
                    let outcome = controller.handle(key, now: keyTime)
                    if outcome.repaint { repaint() }
                    emit(outcome.intents)
                }
            }
        }
    }

    private enum Next {
        case goOn
        case stop
    }

    private func handleSignals() -> Next {
        for signo in terminal.takeSignals() {
            switch signo {
            case SIGWINCH:
                terminal.updateSize()
            case SIGCONT:
                repaint()
                terminal.updateSize()
            case SIGTSTP:
                terminal.suspendForJobControl()
                repaint()
            case SIGINT, SIGTERM, SIGHUP:
                // The terminal first, so whatever the app prints while shutting down lands on a
                // normal terminal.
                terminal.restore()
                signalSink.yield(signo == SIGINT ? .interrupt : (signo == SIGTERM ? .terminate : .hangup))
                return .stop
            default:
                break
            }
        }
        return .goOn
    }

    private func repaint() {
        terminal.invalidate()
        lastState = nil
        throttle.markDirty()
    }

    private func emit(_ intents: [UserIntent]) {
        for intent in intents { intentSink.yield(intent) }
    }

    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms))
    }
}
