import Engine
import Foundation

/// Which entries of the self-attention value projections train (the paper's
/// pivotal parameters), as sorted flat indices per parameter name.
public typealias EntrySelection = [String: [Int]]

public enum PivotalSelection {
    /// The number of entries P % of `total` is: rounded to the nearest entry, at least one.
    public static func count(percent: Double, of total: Int) -> Int {
        max(1, min(total, Int((percent / 100 * Double(total)).rounded())))
    }

    /// The top P % of Δ over all parameters together (Eq. 9's ranking). Ties are broken
    /// by parameter order, then by index, so the selection is the same on every run.
    public static func top(_ deltas: [(name: String, delta: [Float])], percent: Double) -> EntrySelection {
        var all: [(value: Float, p: Int, i: Int)] = []
        all.reserveCapacity(deltas.reduce(0) { $0 + $1.delta.count })
        for (p, d) in deltas.enumerated() { for (i, v) in d.delta.enumerated() { all.append((v, p, i)) } }
        let k = count(percent: percent, of: all.count)
        all.sort { $0.value != $1.value ? $0.value > $1.value : ($0.p != $1.p ? $0.p < $1.p : $0.i < $1.i) }
        var out: EntrySelection = [:]
        for d in deltas { out[d.name] = [] }
        for e in all.prefix(k) { out[deltas[e.p].name]!.append(e.i) }
        for (n, v) in out { out[n] = v.sorted() }
        return out
    }

    /// P % of the entries chosen uniformly at random (the paper's ablation), from a seed.
    public static func random(_ sizes: [(name: String, count: Int)], percent: Double, seed: UInt64) -> EntrySelection {
        let total = sizes.reduce(0) { $0 + $1.count }
        var rng = SeededGenerator(seed: seed)
        var flat = Array(0..<total)
        let k = count(percent: percent, of: total)
        // Partial Fisher–Yates: the first k positions become a uniform sample.
        for i in 0..<k {
            let j = i + Int(rng.next() % UInt64(total - i))
            flat.swapAt(i, j)
        }
        var out: EntrySelection = [:]
        var offsets: [(String, Int, Int)] = []
        var start = 0
        for s in sizes { out[s.name] = []; offsets.append((s.name, start, start + s.count)); start += s.count }
        for f in flat.prefix(k) {
            let (name, lo, _) = offsets.first { f >= $0.1 && f < $0.2 }!
            out[name]!.append(f - lo)
        }
        for (n, v) in out { out[n] = v.sorted() }
        return out
    }

    /// Entries selected in any of the selections (Algorithm 1's merge of binary masks).
    public static func union(_ selections: [EntrySelection]) -> EntrySelection {
        var out: EntrySelection = [:]
        for s in selections {
            for (name, idx) in s { out[name] = Array(Set(out[name] ?? []).union(idx)).sorted() }
        }
        return out
    }
}

/// What mask training found, for the studio's histogram and the library.
public struct MaskReport: Codable, Sendable, Equatable {
    /// Counts of Δ_M in `bins` equal bins over [0, maximum].
    public var histogram: [Int]
    public var maximum: Float
    /// The smallest Δ_M that made the pivotal set.
    public var threshold: Float
    public var percent: Double
    /// Pivotal entries per self-attention layer, by parameter name.
    public var perLayer: [String: Int]

    public static func make(_ deltas: [(name: String, delta: [Float])], selection: EntrySelection, percent: Double, bins: Int = 40) -> MaskReport {
        let maximum = deltas.flatMap(\.delta).max() ?? 0
        var histogram = [Int](repeating: 0, count: bins)
        var threshold = Float.infinity
        for d in deltas {
            for v in d.delta {
                let b = maximum > 0 ? min(bins - 1, Int(v / maximum * Float(bins))) : 0
                histogram[b] += 1
            }
            for i in selection[d.name] ?? [] { threshold = min(threshold, d.delta[i]) }
        }
        return MaskReport(histogram: histogram, maximum: maximum, threshold: threshold.isFinite ? threshold : 0, percent: percent,
                          perLayer: selection.mapValues(\.count))
    }
}
