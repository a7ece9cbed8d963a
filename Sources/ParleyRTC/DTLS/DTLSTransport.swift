import COpenSSL

/// A DTLS 1.2 connection for DTLS-SRTP (RFC 5764, RFC 8827), sans-IO: OpenSSL runs over memory
/// BIOs, the owner hands in datagrams and timeouts and drains datagrams, events and the next
/// deadline.
///
/// Time: OpenSSL's DTLS retransmission timer reads the real (wall) clock inside OpenSSL, and
/// Parley cannot feed it another. `now` is used to express OpenSSL's remaining time as a
/// deadline on the caller's clock (`nextDeadline = now + remaining`). `handleTimeout(now:)`
/// retransmits only once OpenSSL's own timer has expired; called early, it just recomputes the
/// deadline. So a driver on the real clock sees exact deadlines, while a test on a virtual clock
/// must let real time pass for a retransmission to happen.
///
/// Not thread-safe: one owner drives it.
public final class DTLSTransport {
    public typealias Role = NegotiatedAudio.DTLSRole

    public enum State: Sendable, Hashable {
        /// Created; a client waits for `start(now:)`, a server for the ClientHello.
        case new
        case connecting
        case connected
        case closed
        case failed
    }

    /// Largest datagram to send. OpenSSL cannot learn a path MTU through memory BIOs and would
    /// fall back to tiny fragments; 1200 bytes fits the IPv6 minimum link MTU of 1280
    /// (RFC 8200 §5) after the IPv6 and UDP headers.
    public static let defaultMTU = 1200
    /// OpenSSL's smallest accepted link MTU is lower, but no certificate flight fits below this.
    public static let minimumMTU = 576
    /// Larger than a UDP payload can be.
    public static let maximumDatagramSize = 65_535
    /// RFC 6347 §4.2.4.1 suggests 1 s; WebRTC stacks start lower because the first flight
    /// usually goes out just as ICE completes, and a lost one stalls the call.
    public static let defaultInitialRetransmitTimeout: Duration = .milliseconds(100)
    /// RFC 6347 §4.2.4.1: doubled on each retransmission up to at least 60 s.
    public static let maximumRetransmitTimeout: Duration = .seconds(60)
    /// Offered in use_srtp in this order of preference.
    public static let defaultSRTPProfiles: [SRTPProtectionProfile] = [.aeadAes128Gcm, .aes128CmHmacSha1_80]

    public let role: Role
    public let mtu: Int
    public let remoteFingerprint: SDPFingerprint
    public private(set) var state: State = .new
    /// When to call `handleTimeout(now:)`; nil when no timer runs.
    public private(set) var nextDeadline: ContinuousClock.Instant?
    /// The profile use_srtp settled on, once connected.
    public private(set) var negotiatedProfile: SRTPProtectionProfile?
    /// The TLS cipher suite, in OpenSSL's spelling, once connected (for stats and logs).
    public private(set) var negotiatedCipherSuite: String?

    private let connection: OpenSSLConnection
    private var transmits: [[UInt8]] = []
    private var events: [DTLSEvent] = []

    /// RFC 7983 §7: whether a datagram on the shared port is DTLS (first byte 20 to 63).
    public static func isDTLS(firstByte: UInt8) -> Bool {
        DTLSRecord.isDTLS(firstByte: firstByte)
    }

    public init(
        role: Role,
        certificate: DTLSCertificate,
        remoteFingerprint: SDPFingerprint,
        mtu: Int = defaultMTU,
        srtpProfiles: [SRTPProtectionProfile] = defaultSRTPProfiles,
        initialRetransmitTimeout: Duration = defaultInitialRetransmitTimeout
    ) throws(DTLSError) {
        guard DTLSFingerprint.digestMethod(for: remoteFingerprint.hashFunction) != nil else {
            throw .unsupportedFingerprintAlgorithm(remoteFingerprint.hashFunction)
        }
        guard (Self.minimumMTU...Self.maximumDatagramSize).contains(mtu) else {
            throw .setupFailed("MTU \(mtu) out of range")
        }
        guard !srtpProfiles.isEmpty else { throw .setupFailed("no SRTP protection profile") }
        self.role = role
        self.mtu = mtu
        self.remoteFingerprint = remoteFingerprint
        connection = try OpenSSLConnection(
            context: certificate.context,
            isClient: role == .client,
            mtu: mtu,
            srtpProfiles: srtpProfiles.map(\.openSSLName).joined(separator: ":"),
            initialTimeoutMicroseconds: Self.microseconds(initialRetransmitTimeout))
    }

    /// Begins the handshake: a client sends its first flight (ClientHello). A server only
    /// starts listening, which a first ClientHello also does on its own.
    public func start(now: ContinuousClock.Instant) {
        guard state == .new else { return }
        state = .connecting
        advanceHandshake()
        finishStep(now: now)
    }

    /// One datagram from the peer (from the selected ICE pair). Datagrams that are not DTLS
    /// (RFC 7983) are ignored, as is anything before a client has started or after the
    /// connection ended. Malformed records are dropped as RFC 6347 §4.1.2.7 asks; a peer's
    /// fatal alert or a handshake message OpenSSL rejects ends in `.failed`.
    public func handleDatagram(_ datagram: [UInt8], now: ContinuousClock.Instant) {
        guard let first = datagram.first, Self.isDTLS(firstByte: first),
              datagram.count <= Self.maximumDatagramSize
        else { return }
        switch state {
        case .new:
            guard role == .server else { return }
            state = .connecting
        case .connecting, .connected:
            break
        case .closed, .failed:
            return
        }
        // Records go to OpenSSL one at a time. OpenSSL 3.0 drops the rest of a datagram when
        // one record in it makes it retransmit (a peer's repeated flight packed with its next
        // one), which stalls the handshake until the next timeout; browsers pack flights.
        for record in DTLSRecord.split(datagram) {
            guard state == .connecting || state == .connected else { break }
            connection.receive(record)
            if state == .connecting {
                advanceHandshake()
            }
            if state == .connected {
                readRecords()
            }
        }
        finishStep(now: now)
    }

    /// Call at or after `nextDeadline`: retransmits the last flight if OpenSSL's timer expired.
    public func handleTimeout(now: ContinuousClock.Instant) {
        guard state == .connecting || state == .connected else { return }
        if !connection.handleTimeout() {
            fail(.handshakeTimedOut)
        }
        finishStep(now: now)
    }

    /// Sends close_notify (RFC 5246 §7.2.1) if the handshake got far enough, and ends the
    /// connection.
    public func close() {
        switch state {
        case .new, .connecting, .connected:
            connection.shutdown()
            collectOutput()
            state = .closed
            nextDeadline = nil
            events.append(.closed)
        case .closed, .failed:
            return
        }
    }

    /// The next datagram to send to the peer, each at most `mtu` bytes. Drain it after a
    /// failure too: it may hold the alert that tells the peer.
    public func pollTransmit() -> [UInt8]? {
        transmits.isEmpty ? nil : transmits.removeFirst()
    }

    public func pollEvent() -> DTLSEvent? {
        events.isEmpty ? nil : events.removeFirst()
    }

    private func advanceHandshake() {
        switch connection.doHandshake() {
        case .inProgress:
            break
        case .complete:
            completeHandshake()
        case let .failed(reason):
            fail(.handshakeFailed(reason))
        }
    }

    /// RFC 5763 §5 / RFC 8122 §5: the certificate must hash to the SDP fingerprint before any
    /// key is handed out.
    private func completeHandshake() {
        do throws(DTLSError) {
            guard let received = connection.peerFingerprint(hashFunction: remoteFingerprint.hashFunction) else {
                throw .noPeerCertificate
            }
            guard received.bytes == remoteFingerprint.bytes else {
                throw .fingerprintMismatch(expected: remoteFingerprint, received: received)
            }
            guard let profile = connection.selectedSRTPProfile() else { throw .noSRTPProfile }
            guard let exported = connection.exportKeyingMaterial(
                label: SRTPKeyingMaterial.exporterLabel, length: SRTPKeyingMaterial.exportLength(for: profile)),
                let keys = SRTPKeyingMaterial(profile: profile, exported: exported, role: role)
            else { throw .keyExportFailed }
            state = .connected
            negotiatedProfile = profile
            negotiatedCipherSuite = connection.cipherName
            events.append(.connected(keys, profile))
        } catch {
            // The handshake itself succeeded, so tell the peer with close_notify that this
            // connection is over.
            connection.shutdown()
            fail(error)
        }
    }

    /// After the handshake: alerts, a peer's retransmitted final flight (which makes OpenSSL
    /// resend ours), close_notify. Application data has no use in an audio-only call.
    private func readRecords() {
        switch connection.readRecords() {
        case .open:
            break
        case .closedByPeer:
            connection.shutdown()
            state = .closed
            events.append(.closed)
        case let .failed(reason):
            fail(.connectionFailed(reason))
        }
    }

    private func fail(_ error: DTLSError) {
        guard state != .failed, state != .closed else { return }
        state = .failed
        events.append(.failed(error))
    }

    private func finishStep(now: ContinuousClock.Instant) {
        collectOutput()
        switch state {
        case .connecting, .connected:
            nextDeadline = connection.timeUntilTimeout().map { now + $0 }
        case .new, .closed, .failed:
            nextDeadline = nil
        }
    }

    private func collectOutput() {
        let written = connection.takeOutput()
        guard !written.isEmpty else { return }
        transmits.append(contentsOf: DTLSRecord.datagrams(from: written, mtu: mtu))
    }

    /// The timer's initial value in microseconds, kept between 1 ms and the 60 s cap.
    private static func microseconds(_ duration: Duration) -> UInt32 {
        let maximum = maximumRetransmitTimeout.components.seconds * 1_000_000
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 1_000 }
        guard seconds < maximum / 1_000_000 else { return UInt32(maximum) }
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        return UInt32(min(max(micros, 1_000), maximum))
    }
}
