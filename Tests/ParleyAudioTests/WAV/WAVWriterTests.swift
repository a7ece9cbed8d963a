import Foundation
import Testing
@testable import ParleyAudio

struct WAVWriterTests {
    @Test("tone written in 10 ms frames reads back sample for sample")
    func roundTrip() throws {
        let directory = try WAVTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tone.wav").path

        var tone = ToneGenerator(frequency: 1_000, level: -6)
        var written: [Int16] = []
        let writer = try WAVWriter(path: path)
        for _ in 0..<150 {
            let frame = tone.nextFrame(sampleCount: 480)
            try writer.append(frame)
            written += frame
        }
        try writer.close()

        let file = try WAVFile(contentsOfFile: path)
        #expect(file.samples == written)
        #expect(file.format == WAVFormat(formatTag: 1, encoding: .integer, channelCount: 1, sampleRate: 48_000,
                                         bitsPerSample: 16, validBitsPerSample: 16, frameCount: written.count))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.size] as? Int == 44 + 2 * written.count)
        let measured = try #require(DominantFrequency.estimate(file.samples))
        #expect(abs(measured - 1_000) < 5)
    }

    /// The header carries the sizes of at least every whole second written so far, so a killed
    /// recorder leaves a file any reader accepts.
    @Test("header patched while recording")
    func periodicHeader() throws {
        let directory = try WAVTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("live.wav").path
        let writer = try WAVWriter(path: path)
        var tone = ToneGenerator(frequency: 440, amplitude: 0.3)
        for _ in 0..<250 { try writer.append(tone.nextFrame(sampleCount: 480)) }

        // 2.5 s written, writer still open: the declared data size is a whole number of seconds.
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.count == 44 + 2 * 250 * 480)
        let declared = Int(WAVMalformedInputTests.le32Value(bytes, at: 40))
        #expect(declared == 2 * 2 * 48_000)
        #expect(Int(WAVMalformedInputTests.le32Value(bytes, at: 4)) == declared + 36)
        let partial = try WAVFile(bytes: bytes)
        #expect(partial.samples.count == 2 * 48_000)
        try writer.close()
        #expect(try WAVFile(contentsOfFile: path).samples.count == 250 * 480)
    }

    @Test("SoX reads what the writer wrote", .enabled(if: WAVTestSupport.soxPath != nil, "needs sox"))
    func soxReads() throws {
        let directory = try WAVTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("for-sox.wav").path
        let writer = try WAVWriter(path: path)
        var tone = ToneGenerator(frequency: 1_000, amplitude: 0.5)
        for _ in 0..<100 { try writer.append(tone.nextFrame(sampleCount: 960)) }
        try writer.close()
        let statistics = try WAVTestSupport.soxStatistics(of: path)
        #expect(statistics["Samples read"] == 96_000)
        let maximum = try #require(statistics["Maximum amplitude"])
        #expect(abs(maximum - 0.5) < 0.001)
        let frequency = try #require(statistics["Rough   frequency"])
        #expect(abs(frequency - 1_000) < 20)
    }

    @Test("an empty recording is a valid empty WAV")
    func empty() throws {
        let directory = try WAVTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("empty.wav").path
        try WAVWriter(path: path).close()
        let file = try WAVFile(contentsOfFile: path)
        #expect(file.samples.isEmpty)
        #expect(file.format.sampleRate == 48_000)
    }

    @Test("errors name the path")
    func errors() throws {
        let missing = "/nonexistent-parley-dir/out.wav"
        let openError = #expect(throws: WAVError.self) { try WAVWriter(path: missing) }
        #expect(openError?.description.hasPrefix("cannot write WAV file \(missing): ") == true)

        let directory = try WAVTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("closed.wav").path
        let writer = try WAVWriter(path: path)
        try writer.close()
        try writer.close()
        #expect(throws: WAVError.writerClosed(path: path)) { try writer.append([1, 2, 3]) }
    }

    @Test("the 4 GiB limit is enforced before writing")
    func sizeLimit() {
        #expect(WAVWriter.maximumSampleCount * 2 + 36 <= Int(UInt32.max))
        #expect((WAVWriter.maximumSampleCount + 1) * 2 + 36 > Int(UInt32.max))
    }
}
