import CSRTP

/// libsrtp's process-wide state. `srtp_init` may succeed only once per process (a second call
/// reports `bad_param` because its debug module is already loaded); a static's initialiser runs
/// exactly once, so every session goes through here.
enum SRTPLibrary {
    /// The status of Parley's one `srtp_init`. Another component of the same process may have
    /// initialised libsrtp first, so a failure here is not final: session creation decides.
    static let initialization: srtp_err_status_t = srtp_init()

    static func error(for status: srtp_err_status_t) -> SRTPError {
        switch status {
        case srtp_err_status_auth_fail: .authenticationFailed
        case srtp_err_status_replay_fail, srtp_err_status_replay_old: .replay
        case srtp_err_status_bad_param, srtp_err_status_parse_err: .malformedPacket
        default: .library(status: status.rawValue)
        }
    }
}
