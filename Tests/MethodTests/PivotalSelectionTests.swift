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
