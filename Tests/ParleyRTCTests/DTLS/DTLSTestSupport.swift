import Foundation
import Testing
@testable import ParleyRTC

/// Two transports and the datagrams between them, moved by hand so a test can drop or inspect
/// any of them. Names carry a DTLS prefix because the test target is shared.
final class DTLSTestLink {
    let client: DTLSTransport
    let server: DTLSTransport
    private(set) var clientEvents: [DTLSEvent] = []
    private(set) var serverEvents: [DTLSEvent] = []
    /// Every datagram either side sent, in order.
    private(set) var sent: [(from: DTLSTransport.Role, bytes: [UInt8])] = []

    init(client: DTLSTransport, server: DTLSTransport) {
        self.client = client
        self.server = server
    }

    /// A fresh certificate for each side and transports that expect each other's fingerprint,
    /// unless a test overrides one.
    static func make(
        mtu: Int = DTLSTransport.defaultMTU,
        clientProfiles: [SRTPProtectionProfile] = DTLSTransport.defaultSRTPProfiles,
        serverProfiles: [SRTPProtectionProfile] = DTLSTransport.defaultSRTPProfiles,
        clientExpects: SDPFingerprint? = nil,
        serverExpects: SDPFingerprint? = nil,
        initialRetransmitTimeout: Duration = DTLSTransport.defaultInitialRetransmitTimeout
    ) throws -> DTLSTestLink {
        let clientCertificate = try DTLSTestCertificates.make()
        let serverCertificate = try DTLSTestCertificates.make()
        let client = try DTLSTransport(
            role: .client, certificate: clientCertificate,
            remoteFingerprint: clientExpects ?? serverCertificate.fingerprint,
            mtu: mtu, srtpProfiles: clientProfiles, initialRetransmitTimeout: initialRetransmitTimeout)
        let server = try DTLSTransport(
            role: .server, certificate: serverCertificate,
            remoteFingerprint: serverExpects ?? clientCertificate.fingerprint,
            mtu: mtu, srtpProfiles: serverProfiles, initialRetransmitTimeout: initialRetransmitTimeout)
        return DTLSTestLink(client: client, server: server)
    }

    /// Moves datagrams both ways until neither side has anything to send. `drop` sees each
    /// datagram and may discard it. Returns how many datagrams moved.
    @discardableResult
    func exchange(
        now: ContinuousClock.Instant = .now,
        drop: (DTLSTransport.Role, [UInt8]) -> Bool = { _, _ in false }
    ) -> Int {
        var moved = 0
        var progress = true
        while progress {
            progress = false
            while let datagram = client.pollTransmit() {
                progress = true
                moved += 1
                sent.append((.client, datagram))
                if !drop(.client, datagram) { server.handleDatagram(datagram, now: now) }
            }
            while let datagram = server.pollTransmit() {
                progress = true
                moved += 1
                sent.append((.server, datagram))
                if !drop(.server, datagram) { client.handleDatagram(datagram, now: now) }
            }
        }
        drainEvents()
        return moved
    }

    func drainEvents() {
        while let event = client.pollEvent() { clientEvents.append(event) }
        while let event = server.pollEvent() { serverEvents.append(event) }
    }

    /// Starts the client and exchanges until both sides settle.
    func handshake() {
        client.start(now: .now)
        exchange()
    }

    var isConnected: Bool {
        client.state == .connected && server.state == .connected
    }

    /// Drives both timers on the real clock (OpenSSL's retransmission timer reads it) until
    /// both sides connected, a side failed, or `limit` passed.
    func runUntilConnected(
        limit: Duration,
        drop: (DTLSTransport.Role, [UInt8]) -> Bool = { _, _ in false }
    ) async throws {
        let clock = ContinuousClock()
        let giveUp = clock.now + limit
        while !isConnected, client.state != .failed, server.state != .failed, clock.now < giveUp {
            let deadlines = [client.nextDeadline, server.nextDeadline].compactMap { $0 }
            guard let next = deadlines.min() else { break }
            try await clock.sleep(until: min(next, giveUp))
            client.handleTimeout(now: clock.now)
            server.handleTimeout(now: clock.now)
            exchange(now: clock.now, drop: drop)
        }
    }

    static func connectedKeys(_ events: [DTLSEvent]) -> [(SRTPKeyingMaterial, SRTPProtectionProfile)] {
        events.compactMap { event in
            if case let .connected(keys, profile) = event { (keys, profile) } else { nil }
        }
    }

    static func failures(_ events: [DTLSEvent]) -> [DTLSError] {
        events.compactMap { event in
            if case let .failed(error) = event { error } else { nil }
        }
    }
}

enum DTLSTestCertificates {
    static func make(commonName: String = DTLSCertificate.defaultCommonName) throws -> DTLSCertificate {
        try DTLSCertificate(commonName: commonName, secondsSince1970: Int64(Date().timeIntervalSince1970))
    }
}

/// A DTLS record as it appears on the wire (RFC 6347 §4.1), for assertions on what was sent.
struct DTLSTestRecord {
    var contentType: UInt8
    var version: UInt16
    var epoch: UInt16
    var sequenceNumber: UInt64
    var fragment: [UInt8]

    /// Handshake message type of a plaintext handshake record (RFC 6347 §4.2.2).
    var handshakeType: UInt8? {
        contentType == 22 && epoch == 0 ? fragment.first : nil
    }

    static func parse(_ datagram: [UInt8]) -> [DTLSTestRecord]? {
        var records: [DTLSTestRecord] = []
        var offset = 0
        while offset < datagram.count {
            guard datagram.count - offset >= 13 else { return nil }
            let length = Int(datagram[offset + 11]) << 8 | Int(datagram[offset + 12])
            guard datagram.count - offset - 13 >= length else { return nil }
            let sequence = datagram[(offset + 5)..<(offset + 11)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            records.append(DTLSTestRecord(
                contentType: datagram[offset],
                version: UInt16(datagram[offset + 1]) << 8 | UInt16(datagram[offset + 2]),
                epoch: UInt16(datagram[offset + 3]) << 8 | UInt16(datagram[offset + 4]),
                sequenceNumber: sequence,
                fragment: Array(datagram[(offset + 13)..<(offset + 13 + length)])))
            offset += 13 + length
        }
        return records
    }
}

