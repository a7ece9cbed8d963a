/// Binding messages as ICE connectivity checks use them (RFC 8445 §7.1, §7.3).
/// Integrity and fingerprint are added at `encode(integrityKey:fingerprint:)`: a request is
/// signed with the remote agent's password, a response with the local one (RFC 8445 §7.2.2,
/// §7.3.1.4).
extension STUNMessage {
    /// A connectivity check. USERNAME is "remote ufrag:local ufrag" (RFC 8445 §7.2.2); PRIORITY
    /// is the priority a peer-reflexive candidate for this check would get; the role attribute
    /// carries the agent's tie-breaker; USE-CANDIDATE nominates (controlling agent only).
    public static func iceBindingRequest(
        transactionID: STUNTransactionID,
        localUfrag: String,
        remoteUfrag: String,
        priority: UInt32,
        controlling: Bool,
        tieBreaker: UInt64,
        useCandidate: Bool = false
    ) -> STUNMessage {
        var attributes: [STUNAttribute] = [
            .username("\(remoteUfrag):\(localUfrag)"),
            .priority(priority),
            controlling ? .iceControlling(tieBreaker: tieBreaker) : .iceControlled(tieBreaker: tieBreaker),
        ]
        if useCandidate {
            attributes.append(.useCandidate)
        }
        return STUNMessage(type: .bindingRequest, transactionID: transactionID, attributes: attributes)
    }

    /// The success response: XOR-MAPPED-ADDRESS is the source address the request came from
    /// (RFC 8489 §7.3.1). `transactionID` is the request's.
    public static func bindingSuccessResponse(transactionID: STUNTransactionID, mappedAddress: TransportAddress) -> STUNMessage {
        STUNMessage(type: .bindingSuccessResponse, transactionID: transactionID, attributes: [.xorMappedAddress(mappedAddress)])
    }

    /// An error response: 400 Bad Request, 401 Unauthorized (send it without MESSAGE-INTEGRITY),
    /// 420 Unknown Attribute (with UNKNOWN-ATTRIBUTES) or 487 Role Conflict (with integrity).
    public static func bindingErrorResponse(
        transactionID: STUNTransactionID,
        errorCode: STUNErrorCode,
        unknownAttributes: [STUNAttributeType] = []
    ) -> STUNMessage {
        var attributes: [STUNAttribute] = [.errorCode(errorCode)]
        if !unknownAttributes.isEmpty {
            attributes.append(.unknownAttributes(unknownAttributes))
        }
        return STUNMessage(type: .bindingErrorResponse, transactionID: transactionID, attributes: attributes)
    }

    /// The error response to `request`; for 420 it lists the request's unknown
    /// comprehension-required attributes (RFC 8489 §6.3.1.1).
    public static func bindingErrorResponse(to request: STUNMessage, errorCode: STUNErrorCode) -> STUNMessage {
        bindingErrorResponse(
            transactionID: request.transactionID,
            errorCode: errorCode,
            unknownAttributes: errorCode.code == STUNErrorCode.unknownAttribute.code ? request.unknownComprehensionRequiredAttributes : [])
    }
}
