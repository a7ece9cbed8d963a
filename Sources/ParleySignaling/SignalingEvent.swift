/// Event names of the membrane 0.1.2 protocol that have a fixed meaning.
public enum SignalingEvent {
    public static let authenticated = "authenticated"
    public static let joined = "joined"
    public static let left = "left"
    public static let error = "error"
    public static let offer = "offer"
    public static let answer = "answer"
    public static let candidate = "candidate"
}

/// The raw keepalive frames: not JSON, never parse them.
public enum Keepalive {
    public static let ping = "ping"
    public static let pong = "pong"
}
