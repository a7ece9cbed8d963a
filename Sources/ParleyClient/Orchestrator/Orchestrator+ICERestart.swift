import ParleyRTC
import ParleySignaling

/// Getting a connection back after its path died (a network change, a suspended laptop, a
/// NAT that forgot us): the side that made the first offer restarts ICE (RFC 8445 §9) on
/// the same DTLS association, so only one side ever restarts and offers cannot cross. The
/// browser client follows the same rule.
extension Orchestrator {
    /// Restarts are retried while the connection stays down, each wait longer than the last.
    static func iceRestartDelay(attempt: Int) -> Duration {
        attempt == 0 ? .zero : .seconds(min(30, 1 << min(attempt, 5)))
    }

    /// How long a restart may take before the next one.
    static let iceRestartTimeout: Duration = .seconds(10)

    func connectionRecovered(_ peerID: String) {
        iceRestarts[peerID] = nil
    }

    /// The connection to `peerID` went disconnected or failed in ICE.
    func connectionLost(_ peerID: String) {
        guard let peer = state.peer(peerID), peer.role == .offerer else { return }
        scheduleICERestart(peerID)
    }

    func scheduleICERestart(_ peerID: String) {
        var schedule = iceRestarts[peerID] ?? ICERestartSchedule()
        guard !schedule.isScheduled else { return }
        schedule.isScheduled = true
        iceRestarts[peerID] = schedule
        let delay = Self.iceRestartDelay(attempt: schedule.attempts)
        let sink = inputSink
        Task {
            if delay > .zero { try? await Task.sleep(for: delay) }
            sink.yield(.restartICE(peer: peerID))
        }
    }

    func restartICE(_ peerID: String, evenIfConnected: Bool = false) async {
        guard var schedule = iceRestarts[peerID] else { return }
        schedule.isScheduled = false
        guard let peer = state.peer(peerID), !gone.contains(peerID), !isLeaving,
              evenIfConnected || peer.media.connectionState != .connected else {
            iceRestarts[peerID] = nil
            return
        }
        schedule.attempts += 1
        iceRestarts[peerID] = schedule
        do {
            let sdp = try await media.restartICE(for: peerID)
            send(SignalingEvent.offer, to: peerID, data: ["type": "offer", "sdp": .string(sdp)])
            appendLog(.info, "Reconnecting to \(label(peerID)) (ICE restart \(schedule.attempts)).")
        } catch {
            logger.info("no ICE restart", metadata: ["peer": "\(peerID)", "reason": "\(error)"])
        }
        // If this restart does not bring it back, the next one follows.
        let sink = inputSink
        let attempts = schedule.attempts
        Task {
            try? await Task.sleep(for: Self.iceRestartTimeout)
            sink.yield(.iceRestartTimedOut(peer: peerID, attempts: attempts))
        }
    }

    func iceRestartTimedOut(_ peerID: String, attempts: Int) {
        guard let schedule = iceRestarts[peerID], schedule.attempts == attempts, !schedule.isScheduled,
              let peer = state.peer(peerID), peer.media.connectionState != .connected else { return }
        scheduleICERestart(peerID)
    }
}

struct ICERestartSchedule: Sendable {
    var attempts = 0
    var isScheduled = false
}
