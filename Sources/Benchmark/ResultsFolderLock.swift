import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One `benchmark run` at a time per results folder. Each run keeps `results.json` in memory from
/// its start and rewrites it after every cell, so a second run into the same folder would drop the
/// first one's new cells (and both would fight over `runs/`). `flock`, so a run however it ends
/// never leaves the folder locked; the file says which process holds it.
final class ResultsFolderLock {
    private let fd: Int32

    /// Refused when the folder is being written.
    struct Held: Error, CustomStringConvertible {
        var folder: String
        var pid: String
        var description: String {
            "another benchmark run\(pid.isEmpty ? "" : " (process \(pid))") is writing \(folder); wait for it or stop it"
        }
    }

    init(folder: URL) throws {
        let path = folder.appendingPathComponent(".run.lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var bytes = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &bytes, bytes.count, 0)
            close(fd)
            throw Held(folder: folder.path, pid: String(decoding: bytes.prefix(max(0, n)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
    }

    deinit { close(fd) }
}
