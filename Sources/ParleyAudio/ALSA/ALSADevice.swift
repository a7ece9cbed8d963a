/// A PCM device as ALSA's name hints describe it (`aplay -L` shows the same list).
public struct ALSADevice: Sendable, Hashable {
    /// The directions a device supports.
    public struct Directions: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let capture = Directions(rawValue: 1 << 0)
        public static let playback = Directions(rawValue: 1 << 1)
    }

    /// The name to open it with, exactly as ALSA spells it: `default`, `pulse`,
    /// `hw:CARD=PCH,DEV=0`, `plughw:CARD=PCH,DEV=0`…
    public var name: String
    /// ALSA's description; for cards often two lines (card, then use) separated by "\n".
    public var description: String
    public var directions: Directions

    public init(name: String, description: String, directions: Directions) {
        self.name = name
        self.description = description
        self.directions = directions
    }
}
