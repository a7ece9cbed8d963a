import Crypto
import Foundation
import Testing
@testable import ParleyRTC

@Suite("DTLS certificate")
struct DTLSCertificateTests {
    @Test("the fingerprint is the SHA-256 of the DER certificate, in SDP's upper-case form")
    func fingerprintIsSHA256OfDER() throws {
        let certificate = try DTLSTestCertificates.make()
        let digest = Array(SHA256.hash(data: certificate.derEncoded))
        #expect(certificate.fingerprint.bytes == digest)
        #expect(certificate.fingerprint.hashFunction == "sha-256")
        #expect(certificate.fingerprint.isValidSHA256)
        let text = certificate.fingerprint.hexDigest
        #expect(text.count == 32 * 3 - 1)
        #expect(text == text.uppercased())
        #expect(SDPFingerprint(attributeValue: certificate.fingerprint.attributeValue) == certificate.fingerprint)
    }

    @Test("each certificate has its own key and serial, so its own fingerprint")
    func distinct() throws {
        let first = try DTLSTestCertificates.make()
        let second = try DTLSTestCertificates.make()
        #expect(first.fingerprint != second.fingerprint)
        #expect(first.derEncoded != second.derEncoded)
    }

    @Test("validity spans the requested days around the given time")
    func validity() throws {
        let now: Int64 = 1_800_000_000
        let certificate = try DTLSCertificate(secondsSince1970: now, validity: .seconds(30 * 86_400))
        #expect(certificate.notBefore < now)
        #expect(certificate.notBefore >= now - 86_400)
        #expect(certificate.notAfter == now + 30 * 86_400)
        #expect(certificate.commonName == "parley")
    }

    @Test("the DER carries the common name, the P-256 OID and ecdsa-with-SHA256")
    func derContent() throws {
        let certificate = try DTLSTestCertificates.make(commonName: "parley-test")
        let der = certificate.derEncoded
        #expect(der.first == 0x30)  // SEQUENCE
        #expect(contains(der, Array("parley-test".utf8)))
        // id-ecPublicKey 1.2.840.10045.2.1 and prime256v1 1.2.840.10045.3.1.7 (RFC 5480 §2.1.1).
        #expect(contains(der, [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]))
        #expect(contains(der, [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]))
        // ecdsa-with-SHA256 1.2.840.10045.4.3.2 (RFC 5758 §3.2).
        #expect(contains(der, [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02]))
    }

    @Test("bad common names are refused", arguments: ["", String(repeating: "x", count: 65), "naïve", "a\u{0}b"])
    func badCommonName(name: String) {
        #expect(throws: DTLSError.self) {
            try DTLSCertificate(commonName: name, secondsSince1970: 1_800_000_000)
        }
    }

    @Test("one certificate serves many transports at once")
    func shared() throws {
        let shared = try DTLSTestCertificates.make()
        let peer = try DTLSTestCertificates.make()
        for _ in 0..<3 {
            let client = try DTLSTransport(role: .client, certificate: shared, remoteFingerprint: peer.fingerprint)
            let server = try DTLSTransport(role: .server, certificate: peer, remoteFingerprint: shared.fingerprint)
            let link = DTLSTestLink(client: client, server: server)
            link.handshake()
            #expect(link.isConnected)
        }
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
