import Foundation
import ParleyRTC

/// The captured Chromium 156 / Firefox 153 files in Fixtures/browser (see fixtures/README.txt).
enum BrowserFixtures {
    static let directory = "Fixtures/browser"

    static let offers = [
        "chrome156-offer-audio.sdp",
        "chrome156-offer-audio.createOffer.sdp",
        "chrome156-offer-audio-video-recv.sdp",
        "chrome156-offer-recv-legacy-notrack.sdp",
        "chrome156-offer-audio-mdns.sdp",
        "firefox153-offer-audio.sdp",
        "firefox153-offer-audio.createOffer.sdp",
        "firefox153-offer-audio-mdns.sdp",
        "firefox153-offer-audio-video-recv.sdp",
        "firefox153-offer-recv-legacy-notrack.sdp",
    ]

    static let answers = [
        "chrome156-answer-audio.sdp",
        "chrome156-answer-audio-mdns.sdp",
        "firefox153-answer-audio.sdp",
        "firefox153-answer-audio-mdns.sdp",
    ]

    static let candidateFiles = [
        "chrome156-candidates.jsonl",
        "chrome156-candidates-answerer.jsonl",
        "chrome156-candidates-mdns.jsonl",
        "firefox153-candidates.jsonl",
        "firefox153-candidates-answerer.jsonl",
        "firefox153-candidates-mdns.jsonl",
    ]

    static var allSDP: [String] { offers + answers }

    /// Every file shipped in the fixture directory.
    static func listed() throws -> [String] {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent(directory) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: directory) else {
            throw FixtureMissing(name: name)
        }
        return try Data(contentsOf: url)
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }

    static func sdp(_ name: String) throws -> SessionDescription {
        try SessionDescription(parsing: text(name))
    }

    /// One `JSON.stringify(event.candidate.toJSON())` line.
    struct TrickleEvent: Decodable {
        var candidate: String
        var sdpMid: String?
        var sdpMLineIndex: Int?
        var usernameFragment: String?
    }

    static func trickleEvents(_ name: String) throws -> [TrickleEvent] {
        try text(name).split(separator: "\n").map {
            try JSONDecoder().decode(TrickleEvent.self, from: Data($0.utf8))
        }
    }

    struct FixtureMissing: Error {
        var name: String
    }
}

/// Line-level edits of SDP text, for building broken variants of real descriptions.
enum SDPEdit {
    static func lines(_ text: String) -> [String] {
        text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    static func join(_ lines: [String]) -> String {
        lines.joined(separator: "\r\n") + "\r\n"
    }

    static func removing(_ text: String, where predicate: (String) -> Bool) -> String {
        join(lines(text).filter { !predicate($0) })
    }

    static func replacing(_ text: String, _ target: String, with replacement: String) -> String {
        precondition(text.contains(target), "fixture no longer contains \(target)")
        return text.replacingOccurrences(of: target, with: replacement)
    }

    /// Replaces every line starting with `prefix` by `replacement` (or drops it when nil).
    static func replacingLines(_ text: String, prefix: String, with replacement: String?) -> String {
        join(lines(text).compactMap { $0.hasPrefix(prefix) ? replacement : $0 })
    }
}

/// Parley-side inputs to the JSEP functions. Any valid values do; these are fixed so that
/// failures reproduce.
enum ParleyLocal {
    static let fingerprint = SDPFingerprint(hashFunction: "sha-256", bytes: (0..<32).map { UInt8(($0 * 37 + 11) & 0xFF) })

    static func parameters(
        opus: OpusPreferences = OpusPreferences(),
        sends: Bool = true,
        receives: Bool = true,
        ufrag: String = "PaRl",
        pwd: String = "parleyPassword+/0123456789",
        sessionID: UInt64 = 4_611_686_018_427_387_904
    ) -> JSEPLocalParameters {
        JSEPLocalParameters(
            iceUfrag: ufrag,
            icePwd: pwd,
            fingerprint: fingerprint,
            ssrc: 0xDEAD_BEEF,
            cname: "parley-cname",
            streamID: "parley-stream",
            trackID: "parley-track",
            opus: opus,
            sends: sends,
            receives: receives,
            sessionID: sessionID
        )
    }
}

