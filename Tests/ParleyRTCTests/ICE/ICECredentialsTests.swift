import ParleyRTC
import Testing
import ParleyTestSupport

@Suite("ICE credentials and priorities")
struct ICECredentialsTests {
    private static let iceChars = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    @Test("random credentials: 8-char ufrag, 24-char password, ice-chars only, no padding")
    func randomCredentials() {
        var seen = Set<String>()
        var symbols = Set<Character>()
        var generator = SplitMix64(state: 99)
        for index in 0..<500 {
            let credentials = index.isMultiple(of: 2) ? ICECredentials.random() : ICECredentials.random(using: &generator)
            #expect(credentials.ufrag.count == 8 && credentials.password.count == 24)
            #expect(credentials.ufrag.allSatisfy { Self.iceChars.contains($0) })
            #expect(credentials.password.allSatisfy { Self.iceChars.contains($0) })
            seen.insert(credentials.password)
            symbols.formUnion(credentials.password)
            // What was generated passes validation.
            #expect(ICECredentials(ufrag: credentials.ufrag, password: credentials.password) == credentials)
        }
        #expect(seen.count == 500)
        // Every symbol of the alphabet shows up: the draw covers all 64.
        #expect(symbols == Self.iceChars)
        // Seeded generators repeat exactly.
        var a = SplitMix64(state: 5), b = SplitMix64(state: 5)
        #expect(ICECredentials.random(using: &a) == ICECredentials.random(using: &b))
    }

    @Test("validation follows RFC 8839 §5.4", arguments: [
        ("abcd", "0123456789012345678901", true),
        ("abc", "0123456789012345678901", false),
        ("abcd", "012345678901234567890", false),
        ("ab=d", "0123456789012345678901", false),
        ("abcd", "012345678901234567890=", false),
        ("a+/d", "+/+/+/+/+/+/+/+/+/+/+/", true),
        ("abcd", "0123456789 12345678901", false),
        ("abcé", "0123456789012345678901", false),
    ])
    func validation(ufrag: String, password: String, valid: Bool) {
        #expect((ICECredentials(ufrag: ufrag, password: password) != nil) == valid)
    }

    @Test("candidate priority per RFC 8445 §5.1.2.1, IPv6 preferred but interleaved (RFC 8421)")
    func candidatePriority() {
        // 2^24 × 126 + 2^8 × 65535 + (256 − 1)
        #expect(ICEPriority.candidate(typePreference: 126, localPreference: 65_535) == 2_130_706_431)
        #expect(ICEPriority.candidate(typePreference: 110, localPreference: 65_534, componentID: 2) == 1_862_270_718)
        let v6 = (0..<4).map { ICEPriority.localPreference(isIPv6: true, order: $0) }
        let v4 = (0..<4).map { ICEPriority.localPreference(isIPv6: false, order: $0) }
        #expect(Set(v6 + v4).count == 8)
        for order in 0..<4 {
            #expect(v6[order] > v4[order])
            if order > 0 { #expect(v4[order - 1] > v6[order]) }
        }
        // Types rank host > prflx > srflx > relay whatever the local preference.
        let host = ICEPriority.candidate(typePreference: ICEPriority.hostTypePreference, localPreference: 0)
        let prflx = ICEPriority.candidate(typePreference: ICEPriority.peerReflexiveTypePreference, localPreference: 65_535)
        let srflx = ICEPriority.candidate(typePreference: ICEPriority.serverReflexiveTypePreference, localPreference: 65_535)
        #expect(host > prflx && prflx > srflx)
    }

    @Test("pair priority per RFC 8445 §6.1.2.3, without overflow for hostile priorities")
    func pairPriority() {
        let g: UInt32 = 2_130_706_431, d: UInt32 = 2_122_260_223
        #expect(ICEPriority.pair(controlling: g, controlled: d) == 4_294_967_296 * UInt64(d) + 2 * UInt64(g) + 1)
        #expect(ICEPriority.pair(controlling: d, controlled: g) == 4_294_967_296 * UInt64(d) + 2 * UInt64(g))
        // Priorities near 2^32 (a peer's PRIORITY is untrusted) wrap instead of trapping.
        #expect(ICEPriority.pair(controlling: .max, controlled: .max) == (UInt64(UInt32.max) << 32) &+ (UInt64(UInt32.max) << 1))
    }
}
