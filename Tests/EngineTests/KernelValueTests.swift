import Engine
import EngineTestSupport
import Foundation
import Testing

/// Forward values of the fast kernels against plain reference loops.
@Suite struct KernelValueTests {
    @Test func broadcastingMatchesExplicitLoops() {
        var rng = SeededGenerator(seed: 1)
        let x = Tensor.randn([2, 3, 4], using: &rng), mid = Tensor.randn([2, 1, 4], using: &rng), col = Tensor.randn([3, 1], using: &rng)
        let y = x + mid, z = x * col
        for b in 0..<2 { for i in 0..<3 { for j in 0..<4 {
            #expect(y[b, i, j] == x[b, i, j] + mid[b, 0, j])
            #expect(z[b, i, j] == x[b, i, j] * col[i, 0])
        } } }
        let big = Tensor.randn([300, 500], using: &rng), row = Tensor.randn([500], using: &rng)
        let s = big - row
        #expect(s[299, 499] == big[299, 499] - row[499])
        #expect(s[123, 7] == big[123, 7] - row[7])
    }

    @Test func matmulMatchesReferenceIncludingLargeSplitProducts() {
        var rng = SeededGenerator(seed: 2)
        // Large enough that the engine splits the GEMM over cores (by rows, then by columns).
        for (m, k, n) in [(3, 4, 5), (300, 70, 90), (40, 64, 600), (1, 384, 1152)] {
            let a = Tensor.randn([m, k], using: &rng), b = Tensor.randn([k, n], using: &rng)
            let c = Tensor.matmul(a, b)
            let ref = Reference.matmul(a.toArray(), b.toArray(), m: m, k: k, n: n)
            #expect(maxAbsDifference(c.toArray(), ref) < 1e-3, "\(m)×\(k)×\(n)")
        }
    }

    @Test func conv1dMatchesReference() {
        var rng = SeededGenerator(seed: 3)
        let x = Tensor.randn([3, 17, 8], using: &rng)
        for (k, geo) in [(3, Conv1dGeometry(padding: 1)), (3, .init(stride: 2, padding: 1)), (1, .init()),
                         (3, .init(padding: 2, dilation: 2, groups: 4)), (4, .init(stride: 2))] {
            let w = Tensor.randn([6 * (geo.groups == 4 ? 2 : 1), k, 8 / geo.groups], using: &rng)
            let b = Tensor.randn([w.shape[0]], using: &rng)
            let y = Tensor.conv1d(x, weight: w, bias: b, geo)
            #expect(y.shape == [3, geo.outputLength(17, kernel: k), w.shape[0]])
            #expect(maxAbsDifference(y.toArray(), Reference.conv1d(x, w, b, geo)) < 1e-4, "k \(k) \(geo)")
        }
    }

    @Test func attentionMatchesReferenceWithPadding() {
        var rng = SeededGenerator(seed: 4)
        let q = Tensor.randn([2, 5, 12], using: &rng), k = Tensor.randn([2, 7, 12], using: &rng), v = Tensor.randn([2, 7, 6], using: &rng)
        #expect(maxAbsDifference(Tensor.attention(q: q, k: k, v: v, heads: 3).toArray(), Reference.attention(q, k, v, heads: 3)) < 1e-5)
        let keep: [[Bool]] = [[true, true, false, true, false, false, true], [false, false, false, false, false, false, false]]
        let mask = Tensor(keep.flatMap { $0.map { $0 ? 1 : 0 } }, shape: [2, 7])
        let got = Tensor.attention(q: q, k: k, v: v, heads: 3, keyMask: mask).toArray()
        #expect(maxAbsDifference(got, Reference.attention(q, k, v, heads: 3, mask: keep)) < 1e-5)
        // A batch item whose keys are all padding attends to nothing: zeros, not NaN.
        #expect(got[30...].allSatisfy { $0 == 0 })
    }

    @Test func groupNormMatchesReference() {
        var rng = SeededGenerator(seed: 5)
        // A large offset checks the two-pass variance.
        let x = Tensor.randn([2, 9, 12], std: 3, mean: 100, using: &rng)
        let w = Tensor.randn([12], using: &rng), b = Tensor.randn([12], using: &rng)
        let y = Tensor.groupNorm(x, groups: 3, weight: w, bias: b, eps: 1e-5)
        #expect(maxAbsDifference(y.toArray(), Reference.groupNorm(x, groups: 3, w, b, eps: 1e-5)) < 1e-4)
    }

    @Test func layerNormRowsAreStandardised() {
        var rng = SeededGenerator(seed: 6)
        let x = Tensor.randn([5, 384], std: 2, mean: 3, using: &rng)
        let y = Tensor.layerNorm(x, weight: .ones([384]), bias: .zeros([384]), eps: 1e-12)
        for r in 0..<5 {
            let row = (0..<384).map { Double(y[r, $0]) }
            let m = row.reduce(0, +) / 384
            let v = row.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 384
            #expect(abs(m) < 1e-5 && abs(v - 1) < 1e-4)
        }
    }

    @Test func vectorExpErfAndActivationsAreAccurate() {
        let xs = stride(from: -20.0 as Float, through: 20, by: 0.01).map { $0 }
        let t = Tensor(xs, shape: [xs.count])
        let e = t.exp().toArray(), g = t.gelu().toArray(), s = t.silu().toArray(), th = t.tanh().toArray()
        for (i, x) in xs.enumerated() {
            let ex = Foundation.exp(Double(x))
            #expect(abs(Double(e[i]) - ex) <= 3e-7 * ex, "exp(\(x))")
            let ge = 0.5 * Double(x) * (1 + Foundation.erf(Double(x) / 2.0.squareRoot()))
            #expect(abs(Double(g[i]) - ge) <= 2e-6 * max(1, abs(ge)), "gelu(\(x))")
            let si = Double(x) / (1 + Foundation.exp(-Double(x)))
            #expect(abs(Double(s[i]) - si) <= 2e-6 * max(1, abs(si)), "silu(\(x))")
            #expect(abs(Double(th[i]) - Foundation.tanh(Double(x))) <= 2e-6, "tanh(\(x))")
        }
        let ext = Tensor([-1000, 1000], shape: [2])
        // Extremes saturate (to exactly 0, or the largest finite value) instead of overflowing.
        #expect(ext.exp().toArray()[0] == 0 && ext.exp().toArray()[1].isFinite)
        let si = ext.silu().toArray()
        #expect(abs(si[0]) < 1e-30 && si[1] == 1000)
    }

    @Test func softmaxRowsSumToOne() {
        var rng = SeededGenerator(seed: 7)
        let x = Tensor.randn([4, 33], std: 10, using: &rng)
        let y = x.softmax()
        for r in 0..<4 { #expect(abs((0..<33).map { y[r, $0] }.reduce(0, +) - 1) < 1e-5) }
    }

    @Test func reductionsAndMSE() {
        var rng = SeededGenerator(seed: 8)
        let x = Tensor.randn([1000, 301], using: &rng), y = Tensor.randn([1000, 301], using: &rng)
        let a = x.toArray(), b = y.toArray()
        let sum = a.map(Double.init).reduce(0, +)
        #expect(abs(Double(x.sum().item()) - sum) < 1e-2)
        let mse = zip(a, b).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +) / Double(a.count)
        #expect(abs(Double(Tensor.mse(x, y).item()) - mse) < 1e-5)
        let colSums = x.sum(axis: 0)
        #expect(abs(colSums[5] - (0..<1000).map { x[$0, 5] }.reduce(0, +)) < 1e-3)
    }

    @Test func crossEntropyAndL1Values() {
        let logits = Tensor([1, 2, 3, 0, 0, 0], shape: [2, 3])
        let ce = Tensor.crossEntropy(logits, targets: [2, 0]).item()
        let expected = ((log(exp(1.0) + exp(2.0) + exp(3.0)) - 3) + log(3.0)) / 2
        #expect(abs(Double(ce) - expected) < 1e-6)
        // Large logits stay finite (the log-sum-exp is shifted by the row maximum).
        #expect(Tensor.crossEntropy(Tensor([1000, 0], shape: [1, 2]), targets: [1]).item() == 1000)
        #expect(Tensor.l1(Tensor([1, -2, 3], shape: [3]), Tensor([0, 0, 0], shape: [3])).item() == 2)
    }

    @Test func concatNarrowAndViews() {
        let a = Tensor((0..<6).map(Float.init), shape: [1, 2, 3]), b = Tensor((6..<9).map(Float.init), shape: [1, 1, 3])
        let c = Tensor.concat([a, b], axis: 1)
        #expect(c.shape == [1, 3, 3] && c.toArray() == (0..<9).map(Float.init))
        #expect(c.narrow(axis: 2, start: 1, length: 1).toArray() == [1, 4, 7])
        let view = c.reshaped([9])
        view.data[0] = 42
        #expect(c[0, 0, 0] == 42, "reshape is a view")
        #expect(Tensor((0..<6).map(Float.init), shape: [2, 3]).transposedLast().toArray() == [0, 3, 1, 4, 2, 5])
        let up = Tensor([1, 2, 3, 4], shape: [1, 2, 2]).upsampleNearest(factor: 2)
        #expect(up.shape == [1, 4, 2] && up.toArray() == [1, 2, 1, 2, 3, 4, 3, 4])
    }

    @Test func seededRandomIsReproducible() {
        var r1 = SeededGenerator(seed: 42), r2 = SeededGenerator(seed: 42), r3 = SeededGenerator(seed: 43)
        let a = Tensor.randn([100], using: &r1).toArray(), b = Tensor.randn([100], using: &r2).toArray(), c = Tensor.randn([100], using: &r3).toArray()
        #expect(a == b && a != c)
        let n = Tensor.randn([100_000], using: &r1).toArray()
        let mean = n.reduce(0, +) / Float(n.count), variance = n.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(n.count)
        #expect(abs(mean) < 0.02 && abs(variance - 1) < 0.02)
        let u = Tensor.uniform([10_000], low: -2, high: 3, using: &r1).toArray()
        #expect(u.allSatisfy { $0 >= -2 && $0 < 3 })
    }
}

@Suite struct FlopCounterTests {
    @Test func measuresOnlyItsOwnWorkIncludingWorkerThreads() async {
        var rng = SeededGenerator(seed: 1)
        let a = Tensor.randn([256, 256], using: &rng), b = Tensor.randn([256, 256], using: &rng)
        // Noise from another task running at the same time must not leak in.
        let noise = Task.detached { for _ in 0..<50 { _ = noGrad { Tensor.matmul(a, b) } } }
        let (_, flops) = FlopCounter.measure { _ = noGrad { Tensor.matmul(a, b) } }
        await noise.value
        // Large enough to be split over worker threads, still counted exactly once.
        #expect(flops == 2 * 256 * 256 * 256)
        let q = Tensor.randn([4, 8, 12], using: &rng)
        let (_, attn) = FlopCounter.measure { _ = noGrad { Tensor.attention(q: q, k: q, v: q, heads: 3) } }
        #expect(attn == 4 * 3 * 2 * (2 * 8 * 8 * 4))
    }
}
