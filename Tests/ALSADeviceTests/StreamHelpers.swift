import Foundation
import ParleyAudio

/// Device names of the private daemon's sinks, through ALSA's `pulse` plugin.
enum TestDevices {
    static let playbackA = "pulse:DEVICE=\(PulseAudioDaemon.sinkA)"
    static let monitorA = "pulse:DEVICE=\(PulseAudioDaemon.sinkA).monitor"
    static let monitorB = "pulse:DEVICE=\(PulseAudioDaemon.sinkB).monitor"
}

struct Timeout: Error, CustomStringConvertible {
    var description: String
}

extension ALSACapture {
    /// Reads until `count` samples have arrived, polling the ring like a media driver would.
    func collect(_ count: Int, within limit: Duration = .seconds(5)) async throws -> [Int16] {
        var collected: [Int16] = []
        collected.reserveCapacity(count)
        var chunk = [Int16](repeating: 0, count: 960)
        let deadline = ContinuousClock.now + limit
        while collected.count < count {
            let wanted = min(chunk.count, count - collected.count)
            let got = chunk.withUnsafeMutableBufferPointer { read(into: UnsafeMutableBufferPointer(rebasing: $0[..<wanted])) }
            if got > 0 {
                collected.append(contentsOf: chunk[..<got])
                continue
            }
            guard ContinuousClock.now < deadline else {
                throw Timeout(description: "\(device): \(collected.count) of \(count) samples in \(limit); \(statistics), failure: \(String(describing: failure))")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        return collected
    }
}

extension ALSAPlayback {
    /// Queues `samples` as room appears, never more than fits, like a mixer on a timer.
    func feed(_ samples: [Int16]) async throws {
        var offset = 0
        while offset < samples.count {
            let room = min(freeFrames, samples.count - offset)
            if room > 0 {
                let accepted = samples.withUnsafeBufferPointer { write(UnsafeBufferPointer(rebasing: $0[offset..<(offset + room)])) }
                offset += accepted
            } else {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }
}
