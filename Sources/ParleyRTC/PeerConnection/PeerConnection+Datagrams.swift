/// Received datagrams, demultiplexed by their first byte (RFC 7983 §7): 0–3 STUN, 20–63 DTLS,
/// 128–191 RTP or RTCP (told apart by RFC 5761 §4). Anything else is dropped.
extension PeerConnection {
    /// One datagram received from `source` on the socket bound to `localAddress`.
    public func handleDatagram(_ bytes: [UInt8], from source: TransportAddress, to localAddress: TransportAddress,
                               now: ContinuousClock.Instant) {
        guard !isClosed, let first = bytes.first else { return }
        switch first {
        case 0...3:
            ice?.handleDatagram(bytes, from: source, to: localAddress, now: now)
        case 20...63:
            guard let dtls else {
                statistics.datagramsDropped += 1
                return
            }
            if route == nil {
                dtlsReturnRoute = (local: localAddress, remote: source)
            }
            dtls.handleDatagram(bytes, now: now)
            ice?.noteIncomingTraffic(now: now)
        case 128...191:
            switch RTCPMux.classify(bytes) {
            case .rtp: receiveRTP(bytes, now: now)
            case .rtcp: receiveRTCP(bytes, now: now)
            case nil: statistics.datagramsDropped += 1
            }
            ice?.noteIncomingTraffic(now: now)
        default:
            statistics.datagramsDropped += 1
        }
        pump(now: now)
    }

    /// Queues a datagram on the selected pair (or, for DTLS before selection, back where the
    /// peer's DTLS came from). False when there is no path yet.
    @discardableResult
    func transmit(_ bytes: [UInt8], allowingReturnRoute: Bool = false) -> Bool {
        guard let path = route ?? (allowingReturnRoute ? dtlsReturnRoute : nil) else { return false }
        transmits.append(PeerConnectionTransmit(bytes: bytes, source: path.local, destination: path.remote))
        return true
    }
}
