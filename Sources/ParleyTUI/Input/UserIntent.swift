/// What the user asked the app to do. The screen emits these; the caller carries them out and
/// shows the outcome through the next view model.
public enum UserIntent: Sendable, Equatable {
    case toggleMute
    case toggleDeafen
    /// Push-to-talk opened or closed the microphone.
    case pushToTalk(open: Bool)
    /// Change a peer's local playback volume by `by` percentage points (the caller clamps,
    /// e.g. to 0…200). Relative, so two quick presses before the model catches up both count.
    case changePeerVolume(peerID: String, by: Int)
    case toggleLocalMute(peerID: String)
    /// Restart the connections to every peer now (ICE restart): for audio that stopped.
    case reconnectPeers
    /// Join an existing room from the list (while in another call: switch to it).
    case joinRoom(String)
    /// Join a room by a name the user typed; the server creates it if needed.
    case createRoom(String)
    /// The rooms list was opened or a refresh was asked for.
    case refreshRooms
    /// The user confirmed leaving the call.
    case leaveCall
    /// The user asked to quit outside a call.
    case quit
}
