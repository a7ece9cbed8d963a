import CALSA
import Glibc

/// A failure of an ALSA device, worded so that a caller can show it as is and go on
/// receive-only or send-only.
public enum ALSAError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `snd_pcm_open` failed: no such device, device busy, sound server not running…
    /// `detail` is what alsa-lib itself said about it, when it said something.
    case cannotOpen(device: String, direction: ALSAStreamDirection, code: Int32, detail: String?)
    /// The device refused Parley's format (48 kHz mono S16_LE) or timing, or failed while
    /// being set up (a `pulse:DEVICE=…` naming no sink fails here).
    case cannotConfigure(device: String, direction: ALSAStreamDirection, setting: String, code: Int32, detail: String?)
    /// The stream thread could not be created (`pthread_create` returned `code`).
    case cannotStartThread(device: String, direction: ALSAStreamDirection, code: Int32)
    /// The device failed while running and could not be recovered (unplugged, sound server
    /// gone…); the stream has stopped.
    case failed(device: String, direction: ALSAStreamDirection, code: Int32)
    /// `start()` on a stream already stopped: a stopped stream stays closed.
    case stopped(device: String, direction: ALSAStreamDirection)
    /// `snd_device_name_hint` failed.
    case cannotListDevices(code: Int32)

    /// The ALSA device name, when the failure is about one device.
    public var device: String? {
        switch self {
        case let .cannotOpen(device, _, _, _), let .cannotConfigure(device, _, _, _, _),
             let .cannotStartThread(device, _, _), let .failed(device, _, _), let .stopped(device, _):
            device
        case .cannotListDevices:
            nil
        }
    }

    public var description: String {
        switch self {
        case let .cannotOpen(device, direction, code, detail):
            return "cannot open \(direction) device \"\(device)\": \(Self.explain(code, detail))"
        case let .cannotConfigure(device, direction, setting, code, detail):
            var text = "cannot set \(setting) on \(direction) device \"\(device)\": \(Self.explain(code, detail))"
            // hw: devices take only the hardware's own formats; plughw: converts.
            if device.hasPrefix("hw:") { text += "; try \"plug\(device)\"" }
            return text
        case let .cannotStartThread(device, direction, code):
            return "cannot start the audio thread for \(direction) device \"\(device)\": "
                + "\(String(cString: strerror(code))) (errno \(code))"
        case let .failed(device, direction, code):
            return "\(direction) device \"\(device)\" failed: \(Self.text(code))"
        case let .stopped(device, direction):
            return "\(direction) device \"\(device)\" was stopped and cannot be started again"
        case let .cannotListDevices(code):
            return "cannot list ALSA devices: \(Self.text(code))"
        }
    }

    /// "No such file or directory (ALSA error -2)": the reason in words, the number for searches.
    private static func text(_ code: Int32) -> String {
        let words = snd_strerror(code).map { String(cString: $0) } ?? "unknown error"
        return "\(words) (ALSA error \(code))"
    }

    /// The reason, what it usually means, and what alsa-lib said about it:
    /// `Connection refused (ALSA error -111); the sound server is not running; alsa-lib: "…"`.
    private static func explain(_ code: Int32, _ detail: String?) -> String {
        var text = Self.text(code)
        switch -code {
        case EBUSY: text += "; another program is using it"
        case ECONNREFUSED: text += "; the sound server is not running"
        case EACCES, EPERM: text += "; no permission to use it (is the user in the audio group?)"
        default: break
        }
        if let detail, !detail.isEmpty { text += "; alsa-lib: \"\(detail)\"" }
        return text
    }
}
