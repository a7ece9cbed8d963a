import CALSA
import Glibc

/// The PCM devices ALSA knows about, for `parley devices`.
public enum ALSADeviceList {
    /// Every PCM device with a name hint, on all cards and from the configuration
    /// (`default`, `pulse`, `null`…), in ALSA's order. `default` appears here only when the
    /// configuration gives it a hint (PulseAudio's plugin does) even though it always opens.
    public static func devices() throws(ALSAError) -> [ALSADevice] {
        ALSALibrary.prepare()
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        let result = snd_device_name_hint(-1, "pcm", &hints)
        guard result >= 0, let hints else { throw .cannotListDevices(code: result) }
        defer { snd_device_name_free_hint(hints) }

        var devices: [ALSADevice] = []
        // The hint array ends with a NULL entry.
        var index = 0
        while let hint = hints[index] {
            index += 1
            guard let name = value(of: "NAME", in: hint) else { continue }
            let directions: ALSADevice.Directions
            switch value(of: "IOID", in: hint) {
            case "Input": directions = .capture
            case "Output": directions = .playback
            default: directions = [.capture, .playback]  // no IOID: both ways
            }
            devices.append(ALSADevice(
                name: name,
                description: value(of: "DESC", in: hint) ?? "",
                directions: directions
            ))
        }
        return devices
    }

    private static func value(of field: String, in hint: UnsafeMutableRawPointer) -> String? {
        guard let text = snd_device_name_get_hint(hint, field) else { return nil }
        defer { free(text) }
        return String(cString: text)
    }
}
