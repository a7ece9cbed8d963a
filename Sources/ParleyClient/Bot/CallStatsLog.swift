import Foundation
import ParleySignaling

/// Writes a call's peer state changes and per-peer statistics as JSON lines (one object per
/// line), for `parley bot --stats-json`. Times are seconds since the log was opened.
public final class CallStatsLog {
    private let handle: FileHandle
    private let opened = ContinuousClock.now
    private var lastProgress: [String: CallPeer.Progress] = [:]
    private var lastPhase: CallState.Phase?

    /// - Throws: `CallStatsLogError` naming the path when the file cannot be created.
    public init(path: String) throws(CallStatsLogError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw CallStatsLogError(path: path) }
        self.handle = handle
    }

    /// Lines for whatever changed since the last call: the call's phase, peers' states, peers gone.
    public func recordChanges(_ state: CallState) {
        if state.phase != lastPhase {
            lastPhase = state.phase
            var line: [String: JSONValue] = ["type": "call", "phase": .string(Self.name(of: state.phase)),
                                             "room": .string(state.room)]
            if let id = state.selfID { line["self_id"] = .string(id) }
            if case let .ended(reason) = state.phase { line["reason"] = .string(reason) }
            write(line)
        }
        var present: Set<String> = []
        for peer in state.peers {
            present.insert(peer.id)
            let progress = peer.progress
            guard lastProgress[peer.id] != progress else { continue }
            lastProgress[peer.id] = progress
            var line = Self.identity(of: peer)
            line["type"] = "peer_state"
            line["state"] = .string(progress.label)
            line["connection_state"] = .string(peer.media.connectionState.w3cName)
            write(line)
        }
        for id in lastProgress.keys where !present.contains(id) {
            lastProgress[id] = nil
            write(["type": "peer_left", "peer": .string(id)])
        }
    }

    /// One `stats` line per peer.
    public func recordStatistics(_ state: CallState) {
        for peer in state.peers {
            let media = peer.media
            var line = Self.identity(of: peer)
            line["type"] = "stats"
            line["state"] = .string(peer.progress.label)
            line["packets_sent"] = .int(Int64(media.packetsSent))
            line["packets_received"] = .int(Int64(media.packetsReceived))
            line["bytes_received"] = .int(Int64(media.bytesReceived))
            line["jitter_ms"] = .double(Self.rounded(media.jitterMilliseconds))
            line["loss_percent"] = .double(Self.rounded(media.lossPercent))
            line["rtt_ms"] = media.roundTripTimeMilliseconds.map { .double(Self.rounded($0)) } ?? .null
            line["jitter_buffer_ms"] = .double(Self.rounded(media.jitterBufferDelayMilliseconds))
            line["jitter_buffer_target_ms"] = .double(Self.rounded(media.jitterBufferTargetMilliseconds))
            line["concealed_ms"] = .double(Self.rounded(media.concealedMilliseconds))
            line["fec_recovered"] = .int(Int64(media.forwardErrorCorrectionRecoveredPackets))
            line["level_dbfs"] = .double(Self.rounded(media.levelDBFS))
            line["local_candidate"] = media.localCandidateType.map(JSONValue.string) ?? .null
            line["remote_candidate"] = media.remoteCandidateType.map(JSONValue.string) ?? .null
            line["time_to_first_audio_ms"] = media.timeToFirstAudio.map { .double(Self.rounded(Self.milliseconds($0))) } ?? .null
            line["srtp_auth_failures"] = .int(Int64(media.srtpAuthenticationFailures))
            write(line)
        }
    }

    public func close() {
        try? handle.close()
    }

    private func write(_ members: [String: JSONValue]) {
        var line = members
        line["time"] = .double(Self.rounded(Self.milliseconds(opened.duration(to: .now)) / 1000))
        handle.write(Data((JSONValue.object(line).serialized() + "\n").utf8))
    }

    private static func identity(of peer: CallPeer) -> [String: JSONValue] {
        ["peer": .string(peer.id), "name": peer.name.map(JSONValue.string) ?? .null]
    }

    static func name(of phase: CallState.Phase) -> String {
        switch phase {
        case .connecting: "connecting"
        case .joined: "joined"
        case .reconnecting: "reconnecting"
        case .ended: "ended"
        }
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}

public struct CallStatsLogError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var description: String { "cannot create the stats file \(path)" }
}
