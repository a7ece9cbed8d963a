import CSRTP

/// SRTP and SRTCP (RFC 3711, RFC 7714 for GCM) for one peer, on libsrtp: protects what we send
/// with our master key and unprotects what the peer sends with theirs.
///
/// Failed packets throw a typed error and are counted in `statistics`; nothing a peer sends can
/// crash the session. Not thread-safe: one owner (the call's I/O driver) uses it.
public final class SRTPSession {
    /// Replay window in packets (RFC 3711 §3.3.2 asks for at least 64). Audio at 50 packets/s
    /// reorders far less; the slack costs only bits.
    public static let replayWindowSize = 1024

    public let profile: SRTPProtectionProfile
    public private(set) var statistics = SRTPStatistics()
    /// libsrtp keeps one wildcard-SSRC template per srtp_t, so each direction has its own.
    private let outbound: OpaquePointer
    private let inbound: OpaquePointer

    public init(keyingMaterial keys: SRTPKeyingMaterial) throws(SRTPError) {
        let profile = keys.profile
        guard keys.localMasterKey.count == profile.masterKeyLength,
              keys.remoteMasterKey.count == profile.masterKeyLength,
              keys.localMasterSalt.count == profile.masterSaltLength,
              keys.remoteMasterSalt.count == profile.masterSaltLength
        else { throw .invalidKeyLength }
        _ = SRTPLibrary.initialization
        // Sending the same packet again (a retransmission) must not trip the sender's own
        // replay check.
        let outbound = try Self.create(
            profile: profile, key: keys.localMasterKey + keys.localMasterSalt,
            ssrcType: ssrc_any_outbound, allowRepeatTransmission: true)
        do {
            inbound = try Self.create(
                profile: profile, key: keys.remoteMasterKey + keys.remoteMasterSalt,
                ssrcType: ssrc_any_inbound, allowRepeatTransmission: false)
        } catch {
            srtp_dealloc(outbound)
            throw error
        }
        self.outbound = outbound
        self.profile = profile
    }

    deinit {
        srtp_dealloc(outbound)
        srtp_dealloc(inbound)
    }

    /// An RTP packet → SRTP (encrypted payload, authentication tag appended).
    public func protectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        guard SRTPPacketCheck.rtpHeaderLength(packet) != nil else { throw counted(.malformedPacket) }
        let result = try transform(packet, in: outbound, room: Int(parley_srtp_max_trailer_len()), srtp_protect)
        statistics.rtpProtected += 1
        return result
    }

    /// SRTP → the RTP packet, after checking its tag and the replay window.
    public func unprotectRTP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        guard SRTPPacketCheck.rtpHeaderLength(packet) != nil else { throw counted(.malformedPacket) }
        let result = try transform(packet, in: inbound, room: 0, srtp_unprotect)
        statistics.rtpUnprotected += 1
        return result
    }

    /// A compound RTCP packet → SRTCP (tag, E flag and SRTCP index appended).
    public func protectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        guard SRTPPacketCheck.isRTCP(packet) else { throw counted(.malformedPacket) }
        let result = try transform(packet, in: outbound, room: Int(parley_srtcp_max_trailer_len()), srtp_protect_rtcp)
        statistics.rtcpProtected += 1
        return result
    }

    /// SRTCP → the compound RTCP packet.
    public func unprotectRTCP(_ packet: [UInt8]) throws(SRTPError) -> [UInt8] {
        guard SRTPPacketCheck.isRTCP(packet) else { throw counted(.malformedPacket) }
        let result = try transform(packet, in: inbound, room: 0, srtp_unprotect_rtcp)
        statistics.rtcpUnprotected += 1
        return result
    }

    /// One libsrtp session for one direction. libsrtp copies the key during srtp_create.
    private static func create(
        profile: SRTPProtectionProfile, key: [UInt8], ssrcType: srtp_ssrc_type_t, allowRepeatTransmission: Bool
    ) throws(SRTPError) -> OpaquePointer {
        var keyAndSalt = key
        var created: OpaquePointer?
        let status = keyAndSalt.withUnsafeMutableBufferPointer { buffer -> srtp_err_status_t in
            var policy = srtp_policy_t()
            switch profile {
            case .aes128CmHmacSha1_80:
                parley_srtp_policy_aes128_cm_sha1_80(&policy.rtp)
                parley_srtp_policy_rtcp_aes128_cm_sha1_80(&policy.rtcp)
            case .aeadAes128Gcm:
                parley_srtp_policy_aes128_gcm(&policy.rtp)
                parley_srtp_policy_aes128_gcm(&policy.rtcp)
            }
            policy.ssrc.type = ssrcType
            policy.key = buffer.baseAddress
            policy.window_size = UInt(replayWindowSize)
            policy.allow_repeat_tx = allowRepeatTransmission ? 1 : 0
            return srtp_create(&created, &policy)
        }
        guard status == srtp_err_status_ok, let created else {
            throw .library(status: status.rawValue)
        }
        return created
    }

    /// Runs one libsrtp in-place operation on a copy of `packet` with `room` spare bytes after
    /// it, the space libsrtp may write the trailer into. The only place packets meet raw memory.
    private func transform(
        _ packet: [UInt8],
        in session: OpaquePointer,
        room: Int,
        _ operation: (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int32>?) -> srtp_err_status_t
    ) throws(SRTPError) -> [UInt8] {
        var buffer = packet
        buffer.append(contentsOf: repeatElement(0, count: room))
        var length = Int32(packet.count)
        let status = buffer.withUnsafeMutableBytes { bytes in
            operation(session, bytes.baseAddress, &length)
        }
        guard status == srtp_err_status_ok else { throw counted(SRTPLibrary.error(for: status)) }
        guard length >= 0, Int(length) <= buffer.count else { throw counted(.library(status: status.rawValue)) }
        buffer.removeSubrange(Int(length)...)
        return buffer
    }

    private func counted(_ error: SRTPError) -> SRTPError {
        statistics.count(error)
        return error
    }
}
