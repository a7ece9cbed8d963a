import Foundation
import ParleyAudio

/// Wideband PESQ (ITU-T P.862.2, MOS-LQO) through `scripts/pesq-score.py` and the `pesq`
/// package from PyPI, in the virtual environment `scripts/setup --test` makes.
///
/// Both signals go to the script at 16 kHz, resampled by Parley's own converter (P.862.2 is
/// defined at 16 kHz), as raw 16-bit PCM.
struct QualityScorer {
    let python: URL
    let script: URL

    /// Where `scripts/setup --test` puts the virtual environment: `PARLEY_PESQ_VENV`, else
    /// `$XDG_CACHE_HOME/parley/pesq-venv`, else `~/.cache/parley/pesq-venv`.
    static var defaultEnvironment: URL {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["PARLEY_PESQ_VENV"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return cache.appendingPathComponent("parley/pesq-venv")
    }

    static let scriptName = "scripts/pesq-score.py"

    /// `python` defaults to the virtual environment's; `script` to `scripts/pesq-score.py` in
    /// the working directory or above this executable (`.build/debug/parley` in a checkout).
    static func locate(python: String?, script: String?) throws -> QualityScorer {
        let interpreter = python.map { URL(fileURLWithPath: $0) }
            ?? defaultEnvironment.appendingPathComponent("bin/python3")
        guard FileManager.default.isExecutableFile(atPath: interpreter.path) else {
            throw BenchFailure("no Python at \(interpreter.path): run scripts/setup --test (it makes that virtual "
                + "environment with numpy and pesq from PyPI), or pass --python PATH")
        }
        if let script {
            guard FileManager.default.isReadableFile(atPath: script) else { throw BenchFailure("cannot read \(script)") }
            return QualityScorer(python: interpreter, script: URL(fileURLWithPath: script))
        }
        var starts = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            starts.append(executable.deletingLastPathComponent())
        }
        for start in starts {
            var directory = start
            for _ in 0..<6 {
                let candidate = directory.appendingPathComponent(scriptName)
                if FileManager.default.isReadableFile(atPath: candidate.path) {
                    return QualityScorer(python: interpreter, script: candidate)
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw BenchFailure("\(scriptName) not found in the working directory or above the parley executable: "
            + "run from the Parley checkout, or pass --pesq-script PATH")
    }

    /// MOS-LQO of each degraded signal against `reference` (all 48 kHz).
    func score(reference: [Int16], degraded: [[Int16]]) throws -> [Double] {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-pesq-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let referencePath = directory.appendingPathComponent("reference.raw")
        try Self.writeWideband(reference, to: referencePath)
        var paths: [String] = []
        for (index, signal) in degraded.enumerated() {
            let path = directory.appendingPathComponent("degraded-\(index).raw")
            try Self.writeWideband(signal, to: path)
            paths.append(path.path)
        }

        let process = Process()
        process.executableURL = python
        process.arguments = [script.path, referencePath.path] + paths
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: printed, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BenchFailure("\(script.lastPathComponent) (\(python.path)) exited with \(process.terminationStatus): "
                + String(decoding: complaint, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let scores = text.split(separator: "\n").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard scores.count == degraded.count else {
            throw BenchFailure("\(script.lastPathComponent) printed \(scores.count) scores for \(degraded.count) signals: \(text)")
        }
        return scores
    }

    static let widebandRate = 16_000

    private static func writeWideband(_ samples: [Int16], to url: URL) throws {
        let floats = samples.map { Float($0) / 32_768 }
        let resampled = SampleRateConverter.resample(floats, from: WAVFile.sampleRate, to: widebandRate)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(resampled.count * 2)
        for sample in resampled {
            let scaled = (sample * 32_768).rounded()
            let value = scaled.isFinite ? Int16(min(max(scaled, -32_768), 32_767)) : 0
            let bits = UInt16(bitPattern: value)
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
        }
        try Data(bytes).write(to: url)
    }
}
