import Foundation

/// A structural check of RIFF/WAVE files before libsndfile opens them.
///
/// libsndfile 1.2.0 (Debian 12) loops for ever in `sf_open` on a WAV whose `LIST` chunk holds a
/// sub-chunk larger than the LIST itself (found by fuzzing: a 4294967287-byte sub-chunk; its 32-bit
/// count of bytes read wraps round). Such a file is damaged whatever libsndfile does, so it is
/// refused here with a line instead of hanging the command. Only a part that runs past the end of
/// the file is refused: writers that miscount a LIST by a byte or two are common and harmless.
enum RIFFChunks {
    /// Why the file is a damaged RIFF/WAVE, or nil (also for anything that is not RIFF: libsndfile judges those).
    static func damage(path: String) -> String? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        func read(_ n: Int) -> Data? {
            guard let d = try? file.read(upToCount: n), d.count == n else { return nil }
            return d
        }
        func u32(_ d: Data, _ at: Int) -> UInt64 { d[d.startIndex + at..<d.startIndex + at + 4].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        guard let head = read(12), head.prefix(4) == Data("RIFF".utf8), head[head.startIndex + 8..<head.startIndex + 12] == Data("WAVE".utf8),
              let end = try? file.seekToEnd() else { return nil }
        var at: UInt64 = 12
        // Top-level chunks: a file has a handful; the bound only guards against a file of empty chunks.
        for _ in 0..<10_000 {
            guard at + 8 <= end, (try? file.seek(toOffset: at)) != nil, let h = read(8) else { return nil }
            let size = u32(h, 4)
            // A LIST that itself runs past the end is walked over what the file holds: libsndfile
            // reads its parts all the same (found by fuzzing: a 78-byte LIST in a 51-byte file).
            let held = h.prefix(4) == Data("LIST".utf8) ? min(size, end - (at + 8), 1 << 24) : 0
            if held >= 4, let body = read(Int(held)) {
                var sub: UInt64 = 4   // after the list type ("INFO", "adtl")
                while sub + 8 <= held {
                    let n = u32(body, Int(sub) + 4)
                    // Writers miscount by a byte or two; a sub-chunk running past the end of the file is damage.
                    guard at + 8 + sub + 8 + n <= end else {
                        return "a damaged WAV file (its LIST chunk names a \(n)-byte part in a \(end)-byte file)"
                    }
                    sub += 8 + n + (n & 1)
                }
            }
            at += 8 + size + (size & 1)
        }
        return nil
    }
}
