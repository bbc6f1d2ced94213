import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a reader sees either the old file or the whole new one:
/// the data goes to a temporary file in the same folder, is flushed to disk
/// (fsync), and is renamed over the target; the folder is synced after.
public enum AtomicFile {
    /// An open temporary file being written.
    public final class Writer {
        let fd: Int32
        let path: String
        public private(set) var bytesWritten = 0

        init(fd: Int32, path: String) {
            self.fd = fd
            self.path = path
        }

        public func write(_ bytes: UnsafeRawBufferPointer) throws(EngineError) {
            var off = 0
            while off < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + off, bytes.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .io(path: path, reason: errno == ENOSPC ? "the disk is full" : String(cString: strerror(errno)))
                }
                off += n
            }
            bytesWritten += bytes.count
        }

        public func write(_ data: Data) throws(EngineError) {
            var failure: EngineError?
            data.withUnsafeBytes { (b: UnsafeRawBufferPointer) in
                do throws(EngineError) { try write(b) } catch { failure = error }
            }
            if let failure { throw failure }
        }
    }

    /// Creates `url` from what `body` writes; on any error the target is untouched and no temporary file remains.
    public static func write(to url: URL, _ body: (Writer) throws -> Void) throws {
        let target = url.path
        let dir = url.deletingLastPathComponent().path
        let tmp = "\(dir)/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw EngineError.io(path: target, reason: "cannot create a file in \(dir): \(String(cString: strerror(errno)))")
        }
        var closed = false
        do {
            try body(Writer(fd: fd, path: target))
            guard fsync(fd) == 0 else { throw EngineError.io(path: target, reason: "fsync failed: \(String(cString: strerror(errno)))") }
            closed = true
            guard close(fd) == 0 else { throw EngineError.io(path: target, reason: "close failed: \(String(cString: strerror(errno)))") }
            guard rename(tmp, target) == 0 else {
                throw EngineError.io(path: target, reason: "cannot replace the file: \(String(cString: strerror(errno)))")
            }
        } catch {
            if !closed { close(fd) }
            unlink(tmp)
            throw error
        }
        syncFolder(url.deletingLastPathComponent())
    }

    /// Makes a rename inside `folder` durable.
    public static func syncFolder(_ folder: URL) {
        let dfd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// A temporary path beside `url`, for a library that writes to a path of its own.
    public static func temporaryURL(for url: URL) -> URL {
        let dir = url.deletingLastPathComponent().path
        return URL(fileURLWithPath: "\(dir)/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    /// Makes a finished temporary file durable and renames it over `url`; on failure it is removed.
    public static func commit(_ tmp: URL, to url: URL) throws(EngineError) {
        let fd = open(tmp.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: url.path, reason: "the temporary file vanished") }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced else {
            unlink(tmp.path)
            throw .io(path: url.path, reason: "fsync failed: \(String(cString: strerror(errno)))")
        }
        guard rename(tmp.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp.path)
            throw .io(path: url.path, reason: "cannot replace the file: \(reason)")
        }
        syncFolder(url.deletingLastPathComponent())
    }

    /// Creates `url` through a library that writes to a path of its own: `body` writes
    /// the temporary path it is given; it is then synced and renamed over `url`.
    public static func replace(_ url: URL, _ body: (URL) throws -> Void) throws {
        let tmp = temporaryURL(for: url)
        do { try body(tmp) } catch {
            unlink(tmp.path)
            throw naming(error, tmp, as: url)
        }
        try commit(tmp, to: url)
    }

    /// `error` of writing `tmp`, told of `url`: the temporary name means nothing to a person.
    public static func naming(_ error: Error, _ tmp: URL, as url: URL) -> Error {
        let message = describeError(error)
        guard message.contains(tmp.path) else { return error }
        let told = message.replacingOccurrences(of: tmp.path, with: url.path)
        guard let colon = told.range(of: ": ") else { return EngineError.io(path: url.path, reason: told) }
        return EngineError.io(path: String(told[..<colon.lowerBound]), reason: String(told[colon.upperBound...]))
    }

    /// Replaces `url` with `data`.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { try $0.write(data) }
    }
}
