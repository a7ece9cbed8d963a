/// Where the audio a call sends comes from: a microphone, a WAV file, a tone. Asked for one
/// frame at a time, at the pace of the call's clock.
///
/// Not Sendable: the call's media owner is its only user.
public protocol AudioSource: AnyObject {
    /// The next `sampleCount` samples of 48 kHz mono audio; silence when there is none.
    func nextFrame(sampleCount: Int) -> [Int16]
}

/// Where the mix of what a call receives goes: a speaker, a WAV file, nowhere.
public protocol AudioSink: AnyObject {
    /// Ten milliseconds of 48 kHz mono audio, every 10 ms of the call's clock.
    func write(_ frame: [Int16])
    /// The call ended; flush and close.
    func finish()
}

/// Silence, standing in where a source is required but none could be opened; such a call is
/// configured not to send, so nothing of it goes on the wire.
public final class SilenceSource: AudioSource {
    public init() {}

    public func nextFrame(sampleCount: Int) -> [Int16] {
        [Int16](repeating: 0, count: sampleCount)
    }
}

/// Drops what it is given.
public final class DiscardingSink: AudioSink {
    public init() {}
    public func write(_ frame: [Int16]) {}
    public func finish() {}
}

/// Hands every frame to several sinks (record and play at once).
public final class TeeSink: AudioSink {
    private let sinks: [any AudioSink]

    public init(_ sinks: [any AudioSink]) {
        self.sinks = sinks
    }

    public func write(_ frame: [Int16]) {
        for sink in sinks { sink.write(frame) }
    }

    public func finish() {
        for sink in sinks { sink.finish() }
    }
}

/// A call's two audio ends, handed over together to the media driver that will own them.
public struct AudioEndpoints {
    public var source: any AudioSource
    public var sink: any AudioSink

    public init(source: any AudioSource, sink: any AudioSink) {
        self.source = source
        self.sink = sink
    }
}
