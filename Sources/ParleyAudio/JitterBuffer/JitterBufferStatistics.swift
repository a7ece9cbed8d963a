/// Counters of one jitter buffer, cumulative since it was created (an SSRC change does not clear
/// them).
public struct JitterBufferStatistics: Sendable, Hashable {
    /// Audio waiting to be played: from the play-out point to the end of the newest packet.
    public var currentDelayMilliseconds: Double = 0
    /// The delay the buffer is steering towards: what it aims to have left when the next packet
    /// is due, the low point of `currentDelayMilliseconds` (which rises by a packet's length as
    /// each packet arrives).
    public var targetDelayMilliseconds: Double = 0
    /// Audio made up for missing packets by Opus packet loss concealment (and its fade to silence).
    public var concealedMilliseconds: Double = 0
    /// Silence played during discontinuous transmission or at the end of a talk spurt; not loss.
    public var comfortSilenceMilliseconds: Double = 0
    /// Lost packets rebuilt from the in-band FEC of the packet after them.
    public var forwardErrorCorrectionRecoveredPackets = 0
    /// Lost packets replaced by concealment.
    public var concealedPackets = 0
    /// Packets that arrived after their play-out time (played late or discarded).
    public var latePackets = 0
    /// Packets thrown away: duplicates, too old to play, undecodable framing, or overflow.
    public var discardedPackets = 0
    /// Of the discarded, those that were duplicates.
    public var duplicatePackets = 0
    /// Every packet handed to `insert`.
    public var packetsReceived = 0
    /// Chunks of audio added by time-stretching to raise the delay, and the audio they add.
    public var timeStretchInsertions = 0
    public var timeStretchInsertedMilliseconds: Double = 0
    /// Chunks of audio removed by time-stretching to lower the delay, and the audio they remove.
    public var timeStretchDeletions = 0
    public var timeStretchDeletedMilliseconds: Double = 0
    /// Restarts because the sender changed SSRC or jumped far in sequence numbers.
    public var streamResets = 0

    public init() {}
}
