/// Checks a programming-error condition (a shape mismatch, an index out of
/// range) and stops with its message if it fails.
///
/// Unlike `precondition`, this survives `-Ounchecked`, which the numeric
/// targets are built with: a wrong shape must never become a silent
/// out-of-bounds write. User input is validated with thrown errors before it
/// gets here.
@inline(__always)
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}
