import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Speech for tests and benchmarks: English sentences spoken by espeak-ng (Debian package
/// `espeak-ng`), at Parley's 48 kHz mono. Not used on the call path.
///
/// Real speech rather than tones because what a jitter buffer and a codec do to speech (onsets,
/// pauses between words, voiced and unvoiced sounds, pitch) is what a listener hears and what
/// PESQ scores; espeak-ng makes the same samples on every run of the same version, with no
/// recording to ship.
public enum SynthesizedSpeech {
    /// Four Harvard sentences (IEEE 1969 list 1), about 9 s: ITU-T P.862 asks for 8–12 s of
    /// speech with pauses, and these cover most English phonemes.
    public static let harvardSentences = [
        "The birch canoe slid on the smooth planks.",
        "Glue the sheet to the dark blue background.",
        "It's easy to tell the depth of a well.",
        "These days a chicken leg is a rare dish.",
    ]

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `sentences` spoken by espeak-ng's `voice`, read and resampled to 48 kHz by `WAVFile`.
    public static func speak(_ sentences: [String] = harvardSentences, voice: String = "en") throws -> [Int16] {
        let executable = try locateEspeak()
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-speech-\(UUID().uuidString.prefix(8)).wav")
        defer { try? FileManager.default.removeItem(at: file) }
        let log = file.appendingPathExtension("log")
        defer { try? FileManager.default.removeItem(at: log) }
        let status = try run(executable, ["-v", voice, "-w", file.path, sentences.joined(separator: " ")], output: log)
        guard status == 0 else {
            let message = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw Failure(description: "espeak-ng exited with status \(status): \(message)")
        }
        do {
            return try WAVFile(contentsOfFile: file.path).samples
        } catch {
            throw Failure(description: "espeak-ng's output: \(error)")
        }
    }

    /// Writes `samples` (48 kHz mono) as a WAV file, for a player that takes files.
    public static func write(_ samples: [Int16], to path: String) throws {
        let writer = try WAVWriter(path: path)
        try writer.append(samples)
        try writer.close()
    }

    /// posix_spawn and waitpid rather than Foundation's Process: from a Swift concurrency
    /// thread Process's `waitUntilExit` was seen never to return (the child left a zombie),
    /// and a child inherits that thread's blocked signals.
    private static func run(_ executable: URL, _ arguments: [String], output: URL) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable.path] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, &attributes, argv + [nil], environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot run \(executable.path): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid for espeak-ng: errno \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS are macros: the exit code is bits 8–15 when the low 7 are 0.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
    }

    private static func locateEspeak() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("espeak-ng")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Failure(description: "espeak-ng not found on PATH (\(path)): install the Debian package espeak-ng "
            + "(scripts/setup --test does)")
    }
}
