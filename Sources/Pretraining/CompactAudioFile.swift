import Engine
import Foundation

/// `CompactAudio` on disk, so a resumed vocoder run starts in seconds instead of
/// decoding hours of audio again. Layout (little-endian): "DSAUDIO1", the key's byte
/// count (UInt32) and UTF-8 bytes, the clip count (UInt64), clipCount + 1 offsets
/// (Int64), then the int16 samples. The key names everything the subset depends on;
/// a file with another key, or any damage, is simply not used.
extension CompactAudio {
    static let magic = Array("DSAUDIO1".utf8)

    public func save(to url: URL, key: String) throws {
        try AtomicFile.write(to: url) { w in
            var header = Data(Self.magic)
            let keyBytes = Array(key.utf8)
            withUnsafeBytes(of: UInt32(keyBytes.count).littleEndian) { header.append(contentsOf: $0) }
            header.append(contentsOf: keyBytes)
            withUnsafeBytes(of: UInt64(clipCount).littleEndian) { header.append(contentsOf: $0) }
            for o in offsets { withUnsafeBytes(of: Int64(o).littleEndian) { header.append(contentsOf: $0) } }
            try w.write(header)
            try samples.withUnsafeBytes { try w.write($0) }
        }
    }

    /// The audio stored at `url` under `key`, or nil when the file is missing, stale or damaged.
    public static func load(from url: URL, key: String) -> CompactAudio? {
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else { return nil }
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> CompactAudio? in
            var at = 0
            func take(_ n: Int) -> UnsafeRawBufferPointer? {
                guard n >= 0, at + n <= raw.count else { return nil }
                defer { at += n }
                return UnsafeRawBufferPointer(rebasing: raw[at..<at + n])
            }
            guard let m = take(magic.count), Array(m) == magic,
                  let kc = take(4)?.loadUnaligned(as: UInt32.self).littleEndian,
                  let k = take(Int(kc)), String(decoding: k, as: UTF8.self) == key,
                  let cc = take(8)?.loadUnaligned(as: UInt64.self).littleEndian, cc < 1 << 32,
                  let o = take(8 * (Int(cc) + 1)) else { return nil }
            let offsets = (0...Int(cc)).map { Int(Int64(littleEndian: o.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self))) }
            guard offsets.first == 0, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }),
                  let s = take(2 * offsets.last!), at == raw.count else { return nil }
            let samples = [Int16](unsafeUninitializedCapacity: offsets.last!) { buffer, count in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: s)
                for i in 0..<buffer.count { buffer[i] = Int16(littleEndian: buffer[i]) }
                count = buffer.count
            }
            return CompactAudio(samples: samples, offsets: offsets)
        }
    }
}
