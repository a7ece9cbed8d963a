import Foundation
import Testing
@testable import ParleyAudio

/// The SoX-written fixtures under Fixtures/wav/ and what they were generated with (README.txt there).
struct WAVFixture: Sendable, CustomTestStringConvertible {
    var name: String
    var frequency: Double
    var sampleRate: Int
    var channelCount: Int
    var bitsPerSample: Int
    var encoding: WAVFormat.SampleEncoding
    var isExtensible: Bool
    /// Peak amplitude of the mono downmix, as a fraction of full scale (SoX `vol`, halved when
    /// only one of two channels carries the tone).
    var downmixAmplitude: Double
    /// Seconds requested from SoX's `synth`.
    var seconds: Double

    var testDescription: String { name }

    static let tones: [WAVFixture] = [
        WAVFixture(name: "tone-440hz-8000-mono-u8", frequency: 440, sampleRate: 8_000, channelCount: 1,
                   bitsPerSample: 8, encoding: .integer, isExtensible: false, downmixAmplitude: 0.5, seconds: 1),
        WAVFixture(name: "tone-1000hz-48000-mono-s24", frequency: 1_000, sampleRate: 48_000, channelCount: 1,
                   bitsPerSample: 24, encoding: .integer, isExtensible: true, downmixAmplitude: 0.25, seconds: 0.1),
        WAVFixture(name: "tone-2000hz-22050-mono-f32", frequency: 2_000, sampleRate: 22_050, channelCount: 1,
                   bitsPerSample: 32, encoding: .float, isExtensible: false, downmixAmplitude: 0.5, seconds: 0.2),
        WAVFixture(name: "tone-500hz-16000-3ch-s16", frequency: 500, sampleRate: 16_000, channelCount: 3,
                   bitsPerSample: 16, encoding: .integer, isExtensible: true, downmixAmplitude: 0.5, seconds: 0.1),
        WAVFixture(name: "tone-1000hz-44100-left-only-s16", frequency: 1_000, sampleRate: 44_100, channelCount: 2,
                   bitsPerSample: 16, encoding: .integer, isExtensible: false, downmixAmplitude: 0.25, seconds: 0.1),
        WAVFixture(name: "tone-750hz-8000-mono-s16-streamed", frequency: 750, sampleRate: 8_000, channelCount: 1,
                   bitsPerSample: 16, encoding: .integer, isExtensible: false, downmixAmplitude: 0.5, seconds: 0.25),
    ]

    func bytes() throws -> [UInt8] {
        try WAVFixture.bytes(named: name)
    }

    static func bytes(named name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: url(named: name)))
    }

    static func url(named name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures/wav/\(name)", withExtension: "wav"))
    }
}

enum WAVTestSupport {
    /// The middle of a signal, away from the resampler's edges and any fade.
    static func middle(_ samples: [Int16], trimming fraction: Double = 0.1) -> [Int16] {
        let trim = Int(Double(samples.count) * fraction)
        guard samples.count > 2 * trim else { return samples }
        return Array(samples[trim..<(samples.count - trim)])
    }

    /// RMS in AES17 dBFS, computed here independently of `AudioLevel`.
    static func rmsDBFS(_ samples: [Int16]) -> Double {
        20 * log10(AudioTestSignals.rms(samples) * 2.0.squareRoot())
    }

    /// A fresh directory under the temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parley-wav-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let soxPath = ["/usr/bin/sox", "/usr/local/bin/sox"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs SoX with `arguments`; returns its standard error on failure.
    static func sox(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(soxPath))
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sox \(arguments.joined(separator: " ")): \(String(decoding: message, as: UTF8.self))")
    }

    /// SoX's own reading of a file: `sox FILE -n stat` prints "Samples read", "Maximum amplitude"...
    static func soxStatistics(of path: String) throws -> [String: Double] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(soxPath))
        process.arguments = [path, "-n", "stat"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)) else { continue }
            result[parts[0].trimmingCharacters(in: .whitespaces)] = value
        }
        return result
    }
}
