import Foundation

/// Per-peer gain and local mute, deafen, and the mix of one 10 ms pull.
struct CallMixer {
    static let maximumGain = 200
    private var gains: [String: Int] = [:]
    private var mutedPeers: Set<String> = []
    private var pending: [(String, [Int16])] = []
    private var levels: [String: Double] = [:]
    var deafened = false
    private(set) var selfLevelDBFS = -100.0

    mutating func setGain(_ percent: Int, for id: String) { gains[id] = min(max(percent, 0), Self.maximumGain) }
    func gain(of id: String) -> Int { gains[id] ?? 100 }
    mutating func setMuted(_ muted: Bool, for id: String) {
        if muted { mutedPeers.insert(id) } else { mutedPeers.remove(id) }
    }
    func isMuted(_ id: String) -> Bool { mutedPeers.contains(id) }
    func level(of id: String) -> Double { levels[id] ?? -100 }

    mutating func remove(_ id: String) {
        gains[id] = nil
        mutedPeers.remove(id)
        levels[id] = nil
    }

    mutating func recordSelf(_ frame: [Int16]) { selfLevelDBFS = Self.levelDBFS(frame, gain: 1) }

    mutating func add(_ id: String, _ frame: [Int16]) { pending.append((id, frame)) }

    mutating func mix() -> [Int16] {
        defer { pending.removeAll(keepingCapacity: true) }
        let count = pending.first?.1.count ?? 480
        var sum = [Int32](repeating: 0, count: count)
        for (id, frame) in pending {
            let gain = Double(self.gain(of: id)) / 100
            levels[id] = Self.levelDBFS(frame, gain: gain)
            guard !deafened, !mutedPeers.contains(id), gain > 0 else { continue }
            for index in 0..<min(count, frame.count) {
                sum[index] += Int32((Double(frame[index]) * gain).rounded())
            }
        }
        return sum.map { Int16(clamping: $0) }
    }

    static func levelDBFS(_ frame: [Int16], gain: Double) -> Double {
        guard !frame.isEmpty else { return -100 }
        var energy = 0.0
        for sample in frame { energy += Double(sample) * Double(sample) }
        let rms = (energy / Double(frame.count)).squareRoot() * gain / 32768
        return rms > 0 ? max(-100, 20 * log10(rms)) : -100
    }
}
