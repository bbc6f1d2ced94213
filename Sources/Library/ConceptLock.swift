import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock per concept (`locks/NAME.lock` beside the library), held by whoever
/// writes the concept — a learn for its whole life, a remove or rename for a moment.
///
/// `flock`, not a PID file: the kernel drops the lock when its holder exits, however it
/// exits (a SIGKILL included), so a crash never leaves a concept locked. Locks belong to
/// an open file description, so a second lock of the same concept fails even inside one
/// process (two learns in one studio, or a test). The file holds `PID ACTION` only to
/// say who holds it.
public final class ConceptLock: @unchecked Sendable {
    /// A concept someone else is writing.
    public struct Held: Error, CustomStringConvertible, Equatable {
        public var concept: String
        public var pid: Int32?
        public var action: String
        public init(concept: String, pid: Int32?, action: String) {
            self.concept = concept
            self.pid = pid
            self.action = action
        }
        public var description: String {
            "concept <\(concept)> is being \(action) by " + (pid.map { "process \($0)" } ?? "another process")
        }
    }

    /// The lock taken while a library's schema is created or migrated (not a concept name: it starts with a dot).
    static let schemaName = ".schema"

    private var fds: [Int32]
    private let mutex = NSLock()

    private init(fds: [Int32]) { self.fds = fds }

    deinit { release() }

    /// Drops the locks (idempotent; also done when the lock is freed or the process ends).
    public func release() {
        mutex.lock()
        defer { mutex.unlock() }
        for fd in fds { close(fd) }
        fds = []
    }

    /// Takes the locks of `names` (sorted, so two joint learns cannot each hold half) without waiting;
    /// on the first one held elsewhere, releases those taken and throws `Held`.
    static func acquire(_ names: [String], action: String, folder: URL) throws -> ConceptLock {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var taken: [Int32] = []
        for name in Set(names).sorted() {
            let fd = try open(name, folder: folder)
            if !tryExclusive(fd) {
                let held = Held(concept: name, pid: holder(fd)?.pid, action: holder(fd)?.action ?? "learned")
                close(fd)
                taken.forEach { close($0) }
                throw held
            }
            stamp(fd, action: action)
            taken.append(fd)
        }
        return ConceptLock(fds: taken)
    }

    /// LOCK_EX without blocking, tried a few times over ~20 ms: `isHeld` probes hold a shared
    /// lock for an instant, which must not turn a free concept into a busy one.
    private static func tryExclusive(_ fd: Int32) -> Bool {
        for attempt in 0..<5 {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
            if attempt < 4 { usleep(5_000) }
        }
        return false
    }

    /// Takes one lock, waiting for it (the schema lock: a migration takes milliseconds).
    static func acquireWaiting(_ name: String, action: String, folder: URL) throws -> ConceptLock {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fd = try open(name, folder: folder)
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw LockFailure(path: folder.appendingPathComponent("\(name).lock").path, reason: reason)
            }
        }
        return ConceptLock(fds: [fd])
    }

    /// Whether any open file description holds the lock of `name` (probed with a shared lock, dropped at once).
    static func isHeld(_ name: String, folder: URL) -> Bool { holder(of: name, folder: folder) != nil }

    /// Who holds the lock of `name`, if anyone; creates no file (a concept never locked has none).
    static func holder(of name: String, folder: URL) -> Held? {
        let path = folder.appendingPathComponent("\(name).lock").path
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        let who = holder(fd)
        return Held(concept: name, pid: who?.pid, action: who?.action ?? "learned")
    }

    private static func open(_ name: String, folder: URL) throws -> Int32 {
        let path = folder.appendingPathComponent("\(name).lock").path
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LockFailure(path: path, reason: String(cString: strerror(errno))) }
        return fd
    }

    /// Writes `PID ACTION` into a lock just taken (best effort: the lock itself is what counts).
    private static func stamp(_ fd: Int32, action: String) {
        let text = Array("\(getpid()) \(action)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// Who holds a lock, from its file (nil while the holder has not written it yet).
    private static func holder(_ fd: Int32) -> (pid: Int32, action: String)? {
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let parts = String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 1)
        guard let first = parts.first, let pid = Int32(first) else { return nil }
        return (pid, parts.count > 1 ? String(parts[1]) : "learned")
    }
}

/// A lock file that cannot be opened (a read-only data folder, say).
public struct LockFailure: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot open the lock file \(path): \(reason)" }
}
