import COpenSSL

/// OpenSSL reports failures on a per-thread error queue. Each call into OpenSSL starts from an
/// empty queue so that one connection's stale errors never explain another's.
enum OpenSSLErrorQueue {
    static func clear() {
        ERR_clear_error()
    }

    /// The queued reasons, oldest first, joined; empties the queue.
    static func drain(fallback: String) -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            reasons.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? fallback : reasons.joined(separator: "; ")
    }
}
