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
    ///
    /// The U-Net has about ten million entries: sorting (value, parameter, index) records took
    /// 350 MB and set a learn's peak memory, so the k-th largest value is found on one flat copy
    /// of the values and the entries are picked in one ordered pass.
    public static func top(_ deltas: [(name: String, delta: [Float])], percent: Double) -> EntrySelection {
        var values: [Float] = []
        values.reserveCapacity(deltas.reduce(0) { $0 + $1.delta.count })
        for d in deltas { values.append(contentsOf: d.delta) }
        var out: EntrySelection = [:]
        for d in deltas { out[d.name] = [] }
        guard !values.isEmpty else { return out }
        let k = count(percent: percent, of: values.count)
        let threshold = kthLargest(&values, k)
        // Entries above the threshold all make the set; of those equal to it, the first ones in order.
        var ties = k - values.reduce(0) { $0 + ($1 > threshold ? 1 : 0) }
        for d in deltas {
            var idx: [Int] = []
            for (i, v) in d.delta.enumerated() where v > threshold || (v == threshold && ties > 0) {
                if v == threshold { ties -= 1 }
                idx.append(i)
            }
            out[d.name] = idx
        }
        return out
    }

    /// The k-th largest of `values` (1-based), by quickselect; reorders `values`.
    /// NaN ranks below every number, as it never compares greater.
    static func kthLargest(_ values: inout [Float], _ k: Int) -> Float {
        precondition(k >= 1 && k <= values.count)
        for i in values.indices where values[i].isNaN { values[i] = -.infinity }
        var lo = 0, hi = values.count - 1
        let target = k - 1
        return values.withUnsafeMutableBufferPointer { v in
            while lo < hi {
                // Median of three as the pivot: sorted or constant runs stay linear on average.
                let mid = lo + (hi - lo) / 2
                let pivot = max(min(v[lo], v[mid]), min(max(v[lo], v[mid]), v[hi]))
                var i = lo, j = hi
                while i <= j {
                    while v[i] > pivot { i += 1 }
                    while v[j] < pivot { j -= 1 }
                    if i <= j { v.swapAt(i, j); i += 1; j -= 1 }
                }
                if target <= j { hi = j } else if target >= i { lo = i } else { return v[target] }
            }
            return v[target]
        }
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
        let maximum = deltas.map { $0.delta.max() ?? 0 }.max() ?? 0
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
