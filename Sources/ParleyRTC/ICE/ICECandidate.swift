/// An ICE candidate (RFC 8445 §5.1) as written in `a=candidate` (RFC 8839 §5.1) and in the
/// browser's trickled `candidate:` string (RFC 8838):
///
///     candidate:<foundation> <component-id> <transport> <priority> <address> <port> typ <type>
///               [raddr <address>] [rport <port>] *(<extension name> <extension value>)
///
/// The address is text: browsers hide host addresses behind mDNS names (`<uuid>.local`), and
/// the ICE agent decides what to do with each. Browser extension pairs (`generation`, `ufrag`,
/// `network-id`, `network-cost`) are typed; any other pair is kept in order.
public struct ICECandidate: Sendable, Hashable, CustomStringConvertible {
    public enum TransportProtocol: Sendable, Hashable {
        case udp
        case tcp
        case other(String)

        init(token: String) {
            switch token.lowercased() {
            case "udp": self = .udp
            case "tcp": self = .tcp
            default: self = .other(token)
            }
        }

        /// The SDP spelling (lower case for the known ones).
        public var token: String {
            switch self {
            case .udp: "udp"
            case .tcp: "tcp"
            case let .other(token): token
            }
        }
    }

    /// `host`, `srflx` (server reflexive), `prflx` (peer reflexive), `relay` (relayed).
    public enum CandidateType: Sendable, Hashable {
        case host
        case srflx
        case prflx
        case relay
        case other(String)

        init(token: String) {
            switch token.lowercased() {
            case "host": self = .host
            case "srflx": self = .srflx
            case "prflx": self = .prflx
            case "relay": self = .relay
            default: self = .other(token)
            }
        }

        /// The SDP spelling.
        public var token: String {
            switch self {
            case .host: "host"
            case .srflx: "srflx"
            case .prflx: "prflx"
            case .relay: "relay"
            case let .other(token): token
            }
        }
    }

    /// RFC 6544 §4.5 `tcptype`. Browsers gather `active` TCP candidates with port 9.
    public enum TCPType: String, Sendable, Hashable {
        case active
        case passive
        case so
    }

    /// An extension attribute pair the type does not model.
    public struct Extension: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A trickled candidate or the end-of-candidates indication (RFC 8838 §9, RFC 8840 §8.2).
    public enum Trickled: Sendable, Hashable {
        case candidate(ICECandidate)
        /// Firefox signals it with `{"candidate":""}`.
        case endOfCandidates
    }

    public enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        case missingCandidatePrefix
        case tooFewFields(Int)
        case invalidFoundation(String)
        case invalidComponentID(String)
        case invalidPriority(String)
        case invalidPort(String)
        case missingTyp(String)
        case danglingExtension(String)

        public var description: String {
            switch self {
            case .missingCandidatePrefix: "a candidate line must start with \"candidate:\""
            case let .tooFewFields(count): "a candidate needs at least 8 fields, found \(count)"
            case let .invalidFoundation(text): "candidate foundation must be 1-32 ice-chars: \(text)"
            case let .invalidComponentID(text): "candidate component-id must be 1-256: \(text)"
            case let .invalidPriority(text): "candidate priority must be a 32-bit number: \(text)"
            case let .invalidPort(text): "candidate port must be 0-65535: \(text)"
            case let .missingTyp(text): "expected \"typ\" after the port, found: \(text)"
            case let .danglingExtension(name): "candidate extension \(name) has no value"
            }
        }
    }

    public var foundation: String
    /// 1 is RTP; 2 is RTCP (Firefox offers it because it cannot assume rtcp-mux).
    public var componentID: UInt16
    public var transport: TransportProtocol
    public var priority: UInt32
    /// An IPv4 or IPv6 literal, or an FQDN such as an mDNS `<uuid>.local` name.
    public var address: String
    public var port: UInt16
    public var type: CandidateType
    public var relatedAddress: String?
    public var relatedPort: UInt16?
    public var tcpType: TCPType?
    public var generation: UInt32?
    /// The ufrag Chromium appends to trickled candidates.
    public var ufrag: String?
    public var networkID: UInt32?
    /// Chromium's `network-cost`: 50 on the captured loopback candidates, 999 on its mDNS ones.
    public var networkCost: UInt32?
    public var extensions: [Extension]

    public init(
        foundation: String,
        componentID: UInt16 = 1,
        transport: TransportProtocol = .udp,
        priority: UInt32,
        address: String,
        port: UInt16,
        type: CandidateType,
        relatedAddress: String? = nil,
        relatedPort: UInt16? = nil,
        tcpType: TCPType? = nil,
        generation: UInt32? = nil,
        ufrag: String? = nil,
        networkID: UInt32? = nil,
        networkCost: UInt32? = nil,
        extensions: [Extension] = []
    ) {
        self.foundation = foundation
        self.componentID = componentID
        self.transport = transport
        self.priority = priority
        self.address = address
        self.port = port
        self.type = type
        self.relatedAddress = relatedAddress
        self.relatedPort = relatedPort
        self.tcpType = tcpType
        self.generation = generation
        self.ufrag = ufrag
        self.networkID = networkID
        self.networkCost = networkCost
        self.extensions = extensions
    }

    /// Parses `candidate:…` or `a=candidate:…` (surrounding whitespace and CRLF ignored).
    public init(parsing line: String) throws(ParseError) {
        var text = SDPText.trimmed(line)
        if text.utf8.starts(with: "a=".utf8) { text = String(decoding: text.utf8.dropFirst(2), as: UTF8.self) }
        let prefix = "candidate:".utf8
        guard text.utf8.starts(with: prefix) else { throw .missingCandidatePrefix }
        try self.init(attributeValue: String(decoding: text.utf8.dropFirst(prefix.count), as: UTF8.self))
    }

    /// Parses the value of an `a=candidate` attribute (the text after `candidate:`).
    public init(attributeValue: String) throws(ParseError) {
        let fields = SDPText.tokens(attributeValue)
        guard fields.count >= 8 else { throw .tooFewFields(fields.count) }

        let foundation = fields[0]
        guard foundation.utf8.count <= 32, SDPText.isICEChars(foundation) else {
            throw .invalidFoundation(SDPText.excerpt(foundation))
        }
        guard let componentID = SDPText.decimal(fields[1], as: UInt16.self), (1...256).contains(componentID) else {
            throw .invalidComponentID(SDPText.excerpt(fields[1]))
        }
        guard let priority = SDPText.decimal(fields[3], as: UInt32.self) else {
            throw .invalidPriority(SDPText.excerpt(fields[3]))
        }
        guard let port = SDPText.decimal(fields[5], as: UInt16.self) else {
            throw .invalidPort(SDPText.excerpt(fields[5]))
        }
        guard fields[6].lowercased() == "typ" else { throw .missingTyp(SDPText.excerpt(fields[6])) }

        self.init(
            foundation: foundation,
            componentID: componentID,
            transport: TransportProtocol(token: fields[2]),
            priority: priority,
            address: fields[4],
            port: port,
            type: CandidateType(token: fields[7])
        )

        let rest = fields.dropFirst(8)
        guard rest.count.isMultiple(of: 2) else {
            throw .danglingExtension(SDPText.excerpt(rest.last ?? ""))
        }
        var index = rest.startIndex
        while index < rest.endIndex {
            addExtension(name: rest[index], value: rest[index + 1])
            index += 2
        }
    }

    /// A pair goes to its typed field the first time it appears with a well-formed value;
    /// anything else is kept verbatim so the candidate still serialises to what was sent.
    private mutating func addExtension(name: String, value: String) {
        switch name.lowercased() {
        case "raddr" where relatedAddress == nil:
            relatedAddress = value
            return
        case "rport" where relatedPort == nil:
            if let parsed = SDPText.decimal(value, as: UInt16.self) {
                relatedPort = parsed
                return
            }
        case "tcptype" where tcpType == nil:
            if let parsed = TCPType(rawValue: value.lowercased()) {
                tcpType = parsed
                return
            }
        default:
            break
        }
        switch name {
        case "generation" where generation == nil:
            if let parsed = SDPText.decimal(value, as: UInt32.self) {
                generation = parsed
                return
            }
        case "ufrag" where ufrag == nil:
            ufrag = value
            return
        case "network-id" where networkID == nil:
            if let parsed = SDPText.decimal(value, as: UInt32.self) {
                networkID = parsed
                return
            }
        case "network-cost" where networkCost == nil:
            if let parsed = SDPText.decimal(value, as: UInt32.self) {
                networkCost = parsed
                return
            }
        default:
            break
        }
        extensions.append(Extension(name: name, value: value))
    }

    /// Parses what a browser's `onicecandidate` hands over (`RTCIceCandidate.candidate`):
    /// a candidate string, or an empty string / `end-of-candidates` for the end of gathering.
    public static func parseTrickled(_ text: String) throws(ParseError) -> Trickled {
        let trimmed = SDPText.trimmed(text)
        if trimmed.isEmpty || trimmed == "end-of-candidates" || trimmed == "a=end-of-candidates" {
            return .endOfCandidates
        }
        return .candidate(try ICECandidate(parsing: trimmed))
    }

    /// The `a=candidate` attribute value, fields in the order Chromium writes them.
    public var attributeValue: String {
        var fields = [
            foundation, String(componentID), transport.token, String(priority),
            address, String(port), "typ", type.token,
        ]
        if let relatedAddress { fields += ["raddr", relatedAddress] }
        if let relatedPort { fields += ["rport", String(relatedPort)] }
        if let tcpType { fields += ["tcptype", tcpType.rawValue] }
        if let generation { fields += ["generation", String(generation)] }
        if let ufrag { fields += ["ufrag", ufrag] }
        if let networkID { fields += ["network-id", String(networkID)] }
        if let networkCost { fields += ["network-cost", String(networkCost)] }
        for pair in extensions { fields += [pair.name, pair.value] }
        return fields.joined(separator: " ")
    }

    /// The trickle form, `candidate:…`, as `RTCIceCandidate.candidate` carries it.
    public var description: String {
        "candidate:" + attributeValue
    }

    /// True when the address is an mDNS name (RFC 6762 `.local`), which must be resolved or
    /// learned from incoming checks rather than used as is.
    public var isMDNSHostname: Bool {
        address.lowercased().hasSuffix(".local")
    }
}
