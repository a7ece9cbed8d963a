// libFuzzer entry point for the STUN codec. Build and run as FUZZING.md says; in an ordinary
// build this file only defines the function and the executable does nothing.
import ParleyRTC

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSTUN(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    checkAddressText(bytes)
    guard let message = try? STUNMessage.decode(bytes) else { return 0 }
    _ = message.verifyIntegrity(key: [0x70, 0x77, 0x64])
    _ = message.verifyIntegritySHA256(key: [0x70, 0x77, 0x64])
    _ = message.verifyFingerprint()
    _ = message.attributes.map { String(describing: $0) }

    // What decodes must re-encode into something that decodes to the same attributes and whose
    // integrity and fingerprint verify; a violation is a bug, reported to libFuzzer as a crash.
    let key: [UInt8] = [0x6b, 0x65, 0x79]
    let reencoded = message.encode(integrityKey: key, fingerprint: true)
    guard let again = try? STUNMessage.decode(reencoded) else {
        fatalError("re-encoded message does not decode")
    }
    let computed: Set<STUNAttributeType> = [.messageIntegrity, .messageIntegritySHA256, .fingerprint]
    guard again.attributes.filter({ !computed.contains($0.type) })
            == message.attributes.filter({ !computed.contains($0.type) }),
          again.verifyIntegrity(key: key), again.verifyFingerprint()
    else {
        fatalError("round trip changed the message")
    }
    return 0
}

/// XOR-MAPPED-ADDRESS ends up in candidates and logs as text: whatever parses must print in a
/// form that parses back to the same address.
func checkAddressText(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    if let address = TransportAddress(text), TransportAddress(address.description) != address {
        fatalError("transport address text does not round-trip")
    }
    if let ip = IPAddress(text), IPAddress(ip.description) != ip {
        fatalError("IP address text does not round-trip")
    }
}
