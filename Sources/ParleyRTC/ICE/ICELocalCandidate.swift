/// A candidate of this agent (RFC 8445 §5.1.1): where the peer can reach it (`address`) and
/// the socket it is sent from (`base`). A host candidate is its own base; a server- or
/// peer-reflexive one is a NAT's mapping of its base.
public struct ICELocalCandidate: Sendable, Hashable {
    public let type: ICECandidate.CandidateType
    public let address: TransportAddress
    public let base: TransportAddress
    public let priority: UInt32
    public let foundation: String
    /// Kept so that the PRIORITY of a check from this base can be computed (§7.1.1).
    public let localPreference: UInt16

    init(type: ICECandidate.CandidateType, address: TransportAddress, base: TransportAddress,
         localPreference: UInt16, foundation: String, priority: UInt32? = nil) {
        self.type = type
        self.address = address
        self.base = base
        self.localPreference = localPreference
        self.foundation = foundation
        self.priority = priority ?? ICEPriority.candidate(
            typePreference: ICEPriority.typePreference(type), localPreference: localPreference)
    }

    /// The PRIORITY attribute of a check sent from this candidate's base: the priority a
    /// peer-reflexive candidate learnt from it would have (RFC 8445 §7.1.1).
    var peerReflexivePriority: UInt32 {
        ICEPriority.candidate(typePreference: ICEPriority.peerReflexiveTypePreference, localPreference: localPreference)
    }

    /// The `candidate:` form to signal. Reflexive candidates name their base as related
    /// address (RFC 8839 §5.1).
    public var candidate: ICECandidate {
        let isHost = type == .host
        return ICECandidate(
            foundation: foundation,
            componentID: ICEPriority.rtpComponent,
            transport: .udp,
            priority: priority,
            address: address.ip.description,
            port: address.port,
            type: type,
            relatedAddress: isHost ? nil : base.ip.description,
            relatedPort: isHost ? nil : base.port)
    }
}

/// A usable candidate of the peer: signalled with an IP address, or learnt as peer-reflexive
/// from the source of its check (RFC 8445 §7.3.1.3).
public struct ICERemoteCandidate: Sendable, Hashable {
    /// As signalled, or made up for a peer-reflexive candidate.
    public let candidate: ICECandidate
    public let address: TransportAddress

    public var type: ICECandidate.CandidateType { candidate.type }
    public var priority: UInt32 { candidate.priority }
    public var foundation: String { candidate.foundation }
}

/// What `ICEAgent.addRemoteCandidate` did with a candidate. Nothing is an error: a peer's
/// candidate Parley cannot use is skipped, never fatal.
public enum ICERemoteCandidateOutcome: Sendable, Hashable {
    /// Paired with the local candidates of its address family, or, when its address was
    /// already learnt as peer-reflexive, replacing that candidate.
    case added
    /// An mDNS `<uuid>.local` name: kept unresolved; the peer's real address is learnt from its
    /// checks as peer-reflexive, or given later with `remoteHostnameResolved`.
    case unresolved
    case skipped(SkipReason)

    public enum SkipReason: Sendable, Hashable {
        /// Parley does ICE over UDP only; browsers add TCP `active` candidates with port 9.
        case notUDP
        /// RTCP's component 2 (Firefox offers it); Parley multiplexes RTCP on component 1.
        case notComponentOne
        /// Not an IP address and not an mDNS name.
        case unusableAddress
        /// Port 0 or an unspecified address (0.0.0.0, ::).
        case unreachable
        /// Its `ufrag` belongs to another ICE generation (RFC 8838 §11).
        case otherGeneration
        /// The same address is already known from signalling.
        case duplicate
        /// The agent already holds `ICEAgent.maximumRemoteCandidates`.
        case tooMany
        /// The agent is closed or has failed.
        case agentInactive
    }
}
