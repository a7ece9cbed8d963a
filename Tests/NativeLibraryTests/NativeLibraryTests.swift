import CALSA
import CNcursesw
import COpenSSL
import COpus
import CSRTP
import Testing

/// Each C library links and answers a real call through its shim.
@Suite("native libraries", .serialized)
struct NativeLibraryTests {
    /// srtp_init answers bad_param when the library is already initialised (ParleyRTC's SRTP
    /// tests share this process).
    static let srtpInitialized: Bool = [srtp_err_status_ok, srtp_err_status_bad_param].contains(srtp_init())

    @Test("OpenSSL 3 creates a DTLS context and a P-256 key")
    func openSSL() throws {
        let version = String(cString: parley_openssl_version())
        #expect(version.hasPrefix("OpenSSL 3"))
        let context = try #require(SSL_CTX_new(DTLS_method()))
        defer { SSL_CTX_free(context) }
        #expect(parley_SSL_CTX_set_min_proto_version(context, parley_DTLS1_2_VERSION()) == 1)
        let key = try #require(parley_EVP_EC_gen_p256())
        EVP_PKEY_free(key)
    }

    @Test("libsrtp2 initialises and protects an RTP packet with AES128_CM_SHA1_80")
    func srtp() throws {
        #expect(Self.srtpInitialized)
        var policy = srtp_policy_t()
        parley_srtp_policy_aes128_cm_sha1_80(&policy.rtp)
        parley_srtp_policy_aes128_cm_sha1_80(&policy.rtcp)
        var key = [UInt8](repeating: 7, count: 30)
        var session: srtp_t?
        let status = key.withUnsafeMutableBufferPointer { keyBuffer -> srtp_err_status_t in
            policy.key = keyBuffer.baseAddress
            policy.ssrc.type = ssrc_any_outbound
            return srtp_create(&session, &policy)
        }
        #expect(status == srtp_err_status_ok)
        defer { srtp_dealloc(session) }
        // 12-byte RTP header + 20 payload bytes, room for the 10-byte tag.
        var packet: [UInt8] = [0x80, 111, 0, 1, 0, 0, 0, 160, 0x12, 0x34, 0x56, 0x78] + [UInt8](repeating: 0xAB, count: 20)
        packet += [UInt8](repeating: 0, count: 16)
        var length: Int32 = 32
        let protected = packet.withUnsafeMutableBytes { srtp_protect(session, $0.baseAddress, &length) }
        #expect(protected == srtp_err_status_ok)
        #expect(length == 42)
        #expect(Array(packet[12..<32]) != [UInt8](repeating: 0xAB, count: 20))
    }

    @Test("libsrtp2 supports AEAD_AES_128_GCM (built with OpenSSL)")
    func srtpGCM() throws {
        #expect(Self.srtpInitialized)
        var policy = srtp_policy_t()
        parley_srtp_policy_aes128_gcm(&policy.rtp)
        parley_srtp_policy_aes128_gcm(&policy.rtcp)
        var key = [UInt8](repeating: 9, count: 28)
        var session: srtp_t?
        let status = key.withUnsafeMutableBufferPointer { keyBuffer -> srtp_err_status_t in
            policy.key = keyBuffer.baseAddress
            policy.ssrc.type = ssrc_any_outbound
            return srtp_create(&session, &policy)
        }
        #expect(status == srtp_err_status_ok)
        if status == srtp_err_status_ok { srtp_dealloc(session) }
    }

    @Test("libopus encodes 20 ms of a 440 Hz tone and decodes it back")
    func opus() throws {
        var error: Int32 = 0
        let encoder = try #require(opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &error))
        defer { opus_encoder_destroy(encoder) }
        #expect(parley_opus_set_bitrate(encoder, 32000) == OPUS_OK)
        #expect(parley_opus_set_inband_fec(encoder, 1) == OPUS_OK)
        let decoder = try #require(opus_decoder_create(48000, 1, &error))
        defer { opus_decoder_destroy(decoder) }
        var pcm = [Int16](repeating: 0, count: 960)
        var packet = [UInt8](repeating: 0, count: 1500)
        var decoded = [Int16](repeating: 0, count: 960)
        var energy = 0.0
        for frame in 0..<10 {
            for i in 0..<960 {
                let t = Double(frame * 960 + i) / 48000
                pcm[i] = Int16(8000 * sin(2 * .pi * 440 * t))
            }
            let bytes = opus_encode(encoder, pcm, 960, &packet, Int32(packet.count))
            #expect(bytes > 0)
            let samples = opus_decode(decoder, packet, bytes, &decoded, 960, 0)
            #expect(samples == 960)
            if frame == 9 { energy = decoded.reduce(0.0) { $0 + Double($1) * Double($1) } / 960 }
        }
        #expect(energy.squareRoot() > 2000)
    }

    @Test("ALSA reports its version and parses a PCM name")
    func alsa() throws {
        let version = String(cString: snd_asoundlib_version())
        #expect(version.hasPrefix("1."))
        let params = try #require(parley_snd_pcm_hw_params_new())
        snd_pcm_hw_params_free(params)
        var pcm: OpaquePointer?
        // No sound card here: opening a device that cannot exist must fail cleanly.
        #expect(snd_pcm_open(&pcm, "hw:99,0", snd_pcm_stream_t(rawValue: UInt32(parley_snd_pcm_stream_playback())), 0) < 0)
    }

    @Test("ncursesw renders to an off-screen terminal")
    func ncurses() throws {
        let version = String(cString: curses_version())
        #expect(version.contains("ncurses 6"))
        let output = fopen("/dev/null", "w")
        let input = fopen("/dev/null", "r")
        defer { fclose(output); fclose(input) }
        let screen = try #require(newterm("xterm-256color", output, input))
        defer { endwin(); delscreen(screen) }
        #expect(parley_lines() > 0)
        let window = try #require(parley_stdscr())
        #expect(parley_addstr(window, 0, 0, "Parley ✓", -1) != ERR)
    }
}

import Foundation
