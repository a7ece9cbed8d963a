import Foundation

enum FileErrorReason {
    /// The operating system's words ("No such file or directory") rather than Foundation's
    /// generic "The operation could not be completed".
    static func describe(_ error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error,
           let reason = (underlying as NSError).localizedFailureReason {
            return reason
        }
        return error.localizedDescription
    }
}
