import Foundation

enum FileErrorReason {
    /// The operating system's words ("No such file or directory") rather than Foundation's
    /// generic "The operation could not be completed".
    static func describe(_ error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return error.localizedDescription
    }
}
