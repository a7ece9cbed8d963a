// libFuzzer entry point for the JSON parser and serialiser. Build and run as FUZZING.md says; in an
// ordinary build this file only defines the function and the executable does nothing.
import ParleySignaling

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { UnsafeBufferPointer(start: $0, count: size) } ?? UnsafeBufferPointer(start: nil, count: 0)
    // The client frame path: whatever the bytes, a message or one of the two protocol errors.
    let text = String(decoding: bytes, as: UTF8.self)
    if let message = try? ClientMessage.parse(text) {
        guard (try? ClientMessage.parse(message.jsonText())) == message else {
            fatalError("a parsed client message does not survive its own text")
        }
        _ = Envelope(event: message.event, data: message.data, from: "p", to: message.to).jsonText()
    }

    // What parses must serialise, sorted or not, into text that parses to the same value, and
    // sorted output must be a fixed point.
    guard let value = try? JSONValue.parse(bytes) else { return 0 }
    let sorted = value.serialized()
    guard let again = try? JSONValue.parse(sorted), again == value, again.serialized() == sorted else {
        fatalError("sorted serialisation does not round-trip")
    }
    guard (try? JSONValue.parse(value.serialized(sortedKeys: false))) == value else {
        fatalError("unsorted serialisation does not round-trip")
    }
    return 0
}
