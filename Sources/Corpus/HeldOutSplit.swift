import Engine
import Foundation

/// Which real tracks are kept apart for evaluation: a whole track goes to
/// `heldout` or to `train`, never a part of each, decided by its own content.
///
/// The rule hashes (seed, the file's SHA-256): a track's side does not depend
/// on which other tracks the manifest holds, so adding a package moves no
/// track, and the same recording installed twice (under two paths or two
/// packages) lands on one side. `Scripts/corpus-v2` applies the same rule in
/// bash (`sha256sum`, first 15 hex digits, modulo 1000); the manifest reader
/// checks every row against it.
public enum HeldOutSplit {
    public enum Side: String, Sendable, Codable, CaseIterable {
        case train
        case heldout
    }

    /// The seed the shipped manifest is split with.
    public static let defaultSeed: UInt64 = 1
    /// Held-out share in thousandths (10 %).
    public static let heldOutPerMille: UInt64 = 100

    /// The side of the track whose file has SHA-256 `sha256` (lowercase hex).
    public static func side(sha256: String, seed: UInt64 = defaultSeed) -> Side {
        let key = Data("corpus-v2-split:\(seed):\(sha256.lowercased())".utf8)
        let digest = SHA256.hex(key)
        // 15 hex digits = 60 bits: positive in bash's signed 64-bit arithmetic too.
        let value = UInt64(digest.prefix(15), radix: 16)!
        return value % 1000 < heldOutPerMille ? .heldout : .train
    }
}
