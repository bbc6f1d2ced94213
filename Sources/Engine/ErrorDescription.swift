import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one line a person reads for an error. Foundation's file errors print as an NSError dump
/// (`Error Domain=NSCocoaErrorDomain Code=640 "There isn’t enough space." UserInfo={…}`); they
/// become `PATH: the disk is full`. An error of a library we link says what it is through
/// `PlainlyDescribed`; every other error keeps its own description.
public func describeError(_ error: Error) -> String {
    if let plain = error as? PlainlyDescribed { return plain.plainDescription }
    let ns = error as NSError
    guard ns.domain == NSCocoaErrorDomain else { return String(describing: error) }
    let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
    let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
    let posix: Int32? = underlying?.domain == NSPOSIXErrorDomain ? underlying.map { Int32($0.code) } : nil
    let reason = ns.code == NSFileWriteOutOfSpaceError || posix == ENOSPC ? "the disk is full"
        : posix.map { String(cString: strerror($0)) } ?? ns.localizedDescription
    return path.map { "\($0): \(reason)" } ?? reason
}

/// An error whose own `description` is written for its library's developers (`SQLite error 13:
/// database or disk is full - while executing …`): this is the line a person reads instead.
public protocol PlainlyDescribed: Error {
    var plainDescription: String { get }
}
