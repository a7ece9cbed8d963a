extension JitterBuffer {
    public struct Configuration: Sendable, Hashable {
        /// The delay to aim for before any jitter has been measured. Like every target, what is
        /// to be left when the next packet is due: here one packet's headroom and 20 ms for
        /// jitter not yet known.
        public var initialTargetDelay: Duration
        /// Bounds of the target delay.
        public var minimumTargetDelay: Duration
        public var maximumTargetDelay: Duration
        /// Added to the measured jitter spread: one 20 ms packet, so that when a packet turns out
        /// lost its successor is already here and its FEC rebuilds it before the buffer runs dry.
        /// One, not two: the target is the low point, and the packet playing comes on top of it.
        public var delayHeadroom: Duration
        /// How fast the target comes down once the jitter has calmed, per second.
        public var targetShrinkPerSecond: Duration
        /// Concealment at full level lasts this long; then it fades to silence.
        public var maximumConcealment: Duration
        public var concealmentFade: Duration
        /// At most one time-stretch step this often.
        public var minimumTimeStretchInterval: Duration
        /// The delay may drift this far above / below the target before time-stretching acts.
        public var deletionMargin: Duration
        public var insertionMargin: Duration
        /// Packets held at most (3 s of 20 ms packets); older ones are discarded beyond that.
        public var maximumPackets: Int

        public init(initialTargetDelay: Duration = .milliseconds(40),
                    minimumTargetDelay: Duration = .milliseconds(20),
                    maximumTargetDelay: Duration = .milliseconds(300),
                    delayHeadroom: Duration = .milliseconds(20),
                    targetShrinkPerSecond: Duration = .milliseconds(5),
                    maximumConcealment: Duration = .milliseconds(100),
                    concealmentFade: Duration = .milliseconds(20),
                    minimumTimeStretchInterval: Duration = .milliseconds(200),
                    deletionMargin: Duration = .milliseconds(15),
                    insertionMargin: Duration = .milliseconds(10),
                    maximumPackets: Int = 150) {
            self.initialTargetDelay = initialTargetDelay
            self.minimumTargetDelay = minimumTargetDelay
            self.maximumTargetDelay = maximumTargetDelay
            self.delayHeadroom = delayHeadroom
            self.targetShrinkPerSecond = targetShrinkPerSecond
            self.maximumConcealment = maximumConcealment
            self.concealmentFade = concealmentFade
            self.minimumTimeStretchInterval = minimumTimeStretchInterval
            self.deletionMargin = deletionMargin
            self.insertionMargin = insertionMargin
            self.maximumPackets = maximumPackets
        }
    }
}

extension Duration {
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
