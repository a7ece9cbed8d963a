import ArgumentParser
import ParleyAudio

struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List ALSA capture and playback devices, named as --capture/--playback and the config take them."
    )

    func run() throws {
        let devices: [ALSADevice]
        do {
            devices = try ALSADeviceList.devices()
        } catch {
            throw CommandFailure(error.description)
        }
        for (title, direction) in [("Capture (microphones)", ALSADevice.Directions.capture),
                                   ("Playback (speakers)", ALSADevice.Directions.playback)] {
            print("\(title):")
            let matching = devices.filter { $0.directions.contains(direction) }
            if matching.isEmpty {
                print("  (none found)")
            }
            for device in matching {
                let summary = device.description.split(separator: "\n").joined(separator: " — ")
                print("  \(device.name)" + (summary.isEmpty ? "" : "\n      \(summary)"))
            }
        }
        if !devices.contains(where: { $0.name == "default" }) {
            print("\n`default` is always accepted too: ALSA's default device (often PulseAudio or PipeWire).")
        }
    }
}
