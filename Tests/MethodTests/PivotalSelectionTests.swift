import Engine
import Method
import Testing

@Suite struct PivotalSelectionTests {
    let deltas: [(name: String, delta: [Float])] = [
        ("a.attn1.to_v.weight", (0..<100).map { Float($0 % 17) }),
        ("b.attn1.to_v.weight", (0..<60).map { Float(($0 * 7) % 23) }),
    ]

    @Test func topSelectsExactlyPPercentOfAllEntriesTogether() {
        for p in [1.0, 5, 10, 50, 100] {
            let s = PivotalSelection.top(deltas, percent: p)
            let k = s.values.reduce(0) { $0 + $1.count }
            #expect(k == PivotalSelection.count(percent: p, of: 160), "P = \(p)")
            // Every selected entry is at least as large as every unselected one.
            let chosen = deltas.flatMap { d in s[d.name]!.map { d.delta[$0] } }
            let rest = deltas.flatMap { d in d.delta.indices.filter { !s[d.name]!.contains($0) }.map { d.delta[$0] } }
            #expect((chosen.min() ?? 0) >= (rest.max() ?? -1))
        }
        #expect(PivotalSelection.count(percent: 5, of: 160) == 8)
        // Ranking is over both parameters together, not per parameter.
        let s = PivotalSelection.top(deltas, percent: 5)
        #expect(s["a.attn1.to_v.weight"]!.allSatisfy { deltas[0].delta[$0] >= 16 } && s["b.attn1.to_v.weight"]!.allSatisfy { deltas[1].delta[$0] >= 16 })
    }

    /// Eq. 9's ranking written the plain way, as it was first built: sort every entry by value,
    /// ties by parameter order and index, take the first k.
    static func sortedTop(_ deltas: [(name: String, delta: [Float])], percent: Double) -> EntrySelection {
        var all: [(value: Float, p: Int, i: Int)] = []
        for (p, d) in deltas.enumerated() { for (i, v) in d.delta.enumerated() { all.append((v, p, i)) } }
        all.sort { $0.value != $1.value ? $0.value > $1.value : ($0.p != $1.p ? $0.p < $1.p : $0.i < $1.i) }
        var out: EntrySelection = [:]
        for d in deltas { out[d.name] = [] }
        for e in all.prefix(PivotalSelection.count(percent: percent, of: all.count)) { out[deltas[e.p].name]!.append(e.i) }
        return out.mapValues { $0.sorted() }
    }

    @Test func selectionMatchesTheFullSortTiesIncluded() {
        var rng = SeededGenerator(seed: 7)
        for trial in 0..<20 {
            // Few distinct values (many ties), or many; sorted runs too, where a naive pivot degrades.
            let levels = trial % 2 == 0 ? 5 : 100_000
            let d: [(name: String, delta: [Float])] = (0..<3).map { p in
                let n = 50 + Int(rng.next() % 400)
                let v = (0..<n).map { _ in Float(rng.next() % UInt64(levels)) }
                return ("p\(p)", trial % 5 == 1 ? v.sorted() : v)
            }
            for p in [0.1, 1, 5, 20, 50, 99, 100] {
                #expect(PivotalSelection.top(d, percent: p) == Self.sortedTop(d, percent: p), "trial \(trial), P = \(p)")
            }
        }
    }

    @Test func randomSelectionHasTheSameSizeAndFollowsItsSeed() {
        let sizes = deltas.map { ($0.name, $0.delta.count) }
        let a = PivotalSelection.random(sizes, percent: 10, seed: 1), b = PivotalSelection.random(sizes, percent: 10, seed: 1)
        let c = PivotalSelection.random(sizes, percent: 10, seed: 2)
        #expect(a == b && a != c && a.values.reduce(0) { $0 + $1.count } == 16)
        #expect(a.allSatisfy { name, idx in idx == idx.sorted() && Set(idx).count == idx.count && idx.allSatisfy { $0 < (name.hasPrefix("a") ? 100 : 60) } })
    }

    @Test func masksUniteAsSets() {
        let u = PivotalSelection.union([["w": [1, 5, 9]], ["w": [2, 5], "v": [0]], ["v": [3]]])
        #expect(u == ["w": [1, 2, 5, 9], "v": [0, 3]])
    }

    @Test func maskReportCountsEveryEntry() {
        let s = PivotalSelection.top(deltas, percent: 10)
        let r = MaskReport.make(deltas, selection: s, percent: 10, bins: 8)
        #expect(r.histogram.reduce(0, +) == 160 && r.maximum == 22 && r.perLayer.values.reduce(0, +) == 16)
        #expect(r.threshold == deltas.flatMap { d in s[d.name]!.map { d.delta[$0] } }.min())
    }
}
