import Engine

/// Derives independent seeds from one: clip `i` of a corpus is a function of
/// (corpus seed, stream, i) alone, so a build can resume at any clip, or be
/// extended, and every clip comes out as it would have in one run.
public enum SeedMixer {
    public static func derive(_ seed: UInt64, _ stream: UInt64, _ index: UInt64) -> UInt64 {
        var g = SeededGenerator(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        var x = g.next() &+ index &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }
}

/// One clip of a corpus before it is written.
public struct ClipSpec: Sendable {
    public var index: Int
    /// The clip's seed: its style, length, music, mix and caption all follow from it.
    public var seed: UInt64
    public var style: Style
    public var seconds: Double
    public var kind: CorpusKind

    /// Clip `index` of the corpus of `kind` with seed `corpusSeed`: 8–12 seconds of a style drawn uniformly.
    public init(index: Int, corpusSeed: UInt64, kind: CorpusKind) {
        self.index = index
        self.kind = kind
        seed = SeedMixer.derive(corpusSeed, kind == .generator ? 1 : 2, UInt64(index))
        var rng = SeededGenerator(seed: seed)
        let styles = Styles.available(for: kind)
        style = styles[Int.random(in: 0..<styles.count, using: &rng)]
        // Whole hundredths of a second, so lengths print and compare exactly.
        seconds = (800 + Double(Int.random(in: 0...400, using: &rng))) / 100
    }

    /// The written music and its caption.
    public func compose() -> (composition: Composition, caption: String) {
        let composition = Composer.compose(ClipRequest(style: style, seed: SeedMixer.derive(seed, 3, 0), seconds: seconds, kind: kind))
        var captionRNG = SeededGenerator(seed: SeedMixer.derive(seed, 4, 0))
        return (composition, Caption.write(composition.arrangement, rng: &captionRNG))
    }

    /// Clips needed for `hours` of audio: the first clips whose lengths add up to at least that.
    public static func count(hours: Double, corpusSeed: UInt64, kind: CorpusKind) -> Int {
        var total = 0.0, n = 0
        while total < hours * 3600 {
            total += ClipSpec(index: n, corpusSeed: corpusSeed, kind: kind).seconds
            n += 1
        }
        return n
    }
}

/// One line of a corpus manifest (`manifest.jsonl`).
public struct ManifestEntry: Sendable, Codable, Equatable {
    /// Audio file, relative to the corpus folder.
    public var file: String
    public var caption: String
    public var seed: UInt64
    public var index: Int
    public var seconds: Double
    public var kind: CorpusKind
    public var attributes: Arrangement
    public var mix: MixSettings

    /// The entry as one JSON line (keys sorted, so equal entries give equal bytes), newline included.
    public func line() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

import Foundation
