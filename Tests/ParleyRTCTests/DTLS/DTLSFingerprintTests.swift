import Testing
@testable import ParleyRTC

@Suite("DTLS fingerprint verification")
struct DTLSFingerprintTests {
    @Test("a client expecting another certificate fails with a mismatch and releases no keys")
    func clientDetectsMismatch() throws {
        let impostor = try DTLSTestCertificates.make(commonName: "impostor")
        let link = try DTLSTestLink.make(clientExpects: impostor.fingerprint)
        link.handshake()

        #expect(link.client.state == .failed)
        #expect(DTLSTestLink.connectedKeys(link.clientEvents).isEmpty)
        let failure = try #require(DTLSTestLink.failures(link.clientEvents).first)
        guard case let .fingerprintMismatch(expected, received) = failure else {
            Issue.record("expected a fingerprint mismatch, got \(failure)")
            return
        }
        #expect(expected == impostor.fingerprint)
        #expect(received != impostor.fingerprint)
        #expect(failure.description.contains("fingerprint mismatch"))
        // The server finished its side, then heard close_notify.
        #expect(link.server.state == .closed)
        #expect(link.serverEvents.last == .closed)
    }

    @Test("a server expecting another certificate fails with a mismatch and releases no keys")
    func serverDetectsMismatch() throws {
        let impostor = try DTLSTestCertificates.make(commonName: "impostor")
        let link = try DTLSTestLink.make(serverExpects: impostor.fingerprint)
        link.handshake()

        #expect(link.server.state == .failed)
        #expect(DTLSTestLink.connectedKeys(link.serverEvents).isEmpty)
        let failure = try #require(DTLSTestLink.failures(link.serverEvents).first)
        #expect(failure.description.contains("DTLS fingerprint mismatch"))
        if case let .fingerprintMismatch(expected, _) = failure {
            #expect(expected == impostor.fingerprint)
        } else {
            Issue.record("expected a fingerprint mismatch, got \(failure)")
        }
        #expect(link.client.state != .connected)
    }

    @Test("fingerprints compare by bytes, whatever the case of the SDP hex")
    func caseInsensitiveHex() throws {
        let clientCertificate = try DTLSTestCertificates.make()
        let serverCertificate = try DTLSTestCertificates.make()
        let lower = try #require(SDPFingerprint(attributeValue: "SHA-256 " + serverCertificate.fingerprint.hexDigest.lowercased()))
        let client = try DTLSTransport(role: .client, certificate: clientCertificate, remoteFingerprint: lower)
        let server = try DTLSTransport(role: .server, certificate: serverCertificate, remoteFingerprint: clientCertificate.fingerprint)
        let link = DTLSTestLink(client: client, server: server)
        link.handshake()
        #expect(link.isConnected)
    }

    @Test("an unsupported hash function is refused up front")
    func unsupportedHash() throws {
        let certificate = try DTLSTestCertificates.make()
        let md5 = SDPFingerprint(hashFunction: "md5", bytes: [UInt8](repeating: 1, count: 16))
        #expect(throws: DTLSError.unsupportedFingerprintAlgorithm("md5")) {
            try DTLSTransport(role: .client, certificate: certificate, remoteFingerprint: md5)
        }
    }
}
