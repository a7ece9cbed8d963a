extension JitterBuffer {
    public struct Configuration: Sendable, Hashable {
        /// The delay to aim for before any jitter has been measured.
        public var initialTargetDelay: Duration
        /// Bounds of the target delay.
        public var minimumTargetDelay: Duration
        public var maximumTargetDelay: Duration
        /// Added to the measured jitter spread. Two 20 ms packets: the one playing and the next,
        /// which must be there when a loss is found so that its FEC can rebuild the lost frame.
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
                    delayHeadroom: Duration = .milliseconds(40),
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
