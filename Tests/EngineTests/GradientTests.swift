import Engine
import EngineTestSupport
import Testing

/// A finite-difference check for every differentiable operation.
@Suite struct GradientTests {
    func expectGradients(_ inputs: [Tensor], check: GradientCheck = GradientCheck(), _ f: () -> Tensor) {
        let r = check.run(inputs, f)
        #expect(r.passed, "\(r)")
    }

    @Test func addSubMulDivSameShape() {
        let a = param([3, 5], seed: 1), b = param([3, 5], seed: 2)
        let c = Tensor((0..<15).map { 1.5 + Float($0) * 0.1 }, shape: [3, 5], requiresGrad: true)
        expectGradients([a, b]) { a + b }
        expectGradients([a, b]) { a - b }
        expectGradients([a, b]) { a * b }
        expectGradients([a, c]) { a / c }
    }

    @Test func broadcastingBiasAndMiddleAxis() {
        let x = param([2, 4, 6], seed: 3), bias = param([6], seed: 4), t = param([2, 1, 6], seed: 5), s = param([1], seed: 6)
        expectGradients([x, bias]) { x + bias }
        expectGradients([x, t]) { x * t }
        expectGradients([x, t]) { t - x }
        expectGradients([x, s]) { x * s }
        let col = param([2, 4, 1], seed: 7)
        expectGradients([x, col]) { x * col }
    }

    @Test func scalarAffineSquareSqrt() {
        let a = param([4, 7], seed: 8)
        let pos = Tensor((0..<28).map { 0.5 + Float($0) * 0.07 }, shape: [4, 7], requiresGrad: true)
        expectGradients([a]) { a * 3 + 1 }
        expectGradients([a]) { -a - 2 }
        expectGradients([a]) { a.square() }
        expectGradients([pos]) { pos.sqrt() }
    }

    @Test func reductions() {
        let a = param([3, 4, 5], seed: 9)
        expectGradients([a]) { a.sum().reshaped([1]) }
        expectGradients([a]) { a.mean().reshaped([1]) }
        expectGradients([a]) { a.sum(axis: 1) }
        expectGradients([a]) { a.mean(axis: -1, keepDims: true) }
        expectGradients([a]) { a.sum(axis: 0) }
    }

    @Test func matmulAllTranspositions() {
        for ta in [false, true] {
            for tb in [false, true] {
                let a = param(ta ? [2, 5, 3] : [2, 3, 5], seed: 10), b = param(tb ? [2, 4, 5] : [2, 5, 4], seed: 11)
                expectGradients([a, b]) { Tensor.matmul(a, b, transposeA: ta, transposeB: tb) }
                let shared = param(tb ? [4, 5] : [5, 4], seed: 12)
                expectGradients([a, shared]) { Tensor.matmul(a, shared, transposeA: ta, transposeB: tb) }
            }
        }
    }

    @Test func linear() {
        let x = param([2, 3, 6], seed: 13), w = param([4, 6], seed: 14), b = param([4], seed: 15)
        expectGradients([x, w, b]) { Tensor.linear(x, weight: w, bias: b) }
        expectGradients([x, w]) { Tensor.linear(x, weight: w) }
    }

    @Test func conv1dGeometries() {
        let x = param([2, 9, 4], seed: 16)
        let cases: [(Int, Conv1dGeometry)] = [
            (3, .init(padding: 1)),
            (1, .init()),
            (3, .init(stride: 2, padding: 1)),
            (3, .init(padding: 2, dilation: 2)),
            (3, .init(padding: 1, groups: 2)),
            (5, .init()),
        ]
        for (k, geo) in cases {
            let w = param([6, k, 4 / geo.groups], seed: 17), b = param([6], seed: 18)
            expectGradients([x, w, b]) { Tensor.conv1d(x, weight: w, bias: b, geo) }
        }
    }

    @Test func upsampleNarrowConcatReshapeTranspose() {
        let x = param([2, 3, 4], seed: 19), y = param([2, 2, 4], seed: 20)
        expectGradients([x]) { x.upsampleNearest(factor: 2) }
        expectGradients([x]) { x.narrow(axis: 1, start: 1, length: 2) }
        expectGradients([x]) { x.narrow(axis: 0, start: 1, length: 1) }
        expectGradients([x, y]) { Tensor.concat([x, y], axis: 1) }
        expectGradients([x]) { x.reshaped([4, -1]) * 2 }
        expectGradients([x]) { x.transposedLast() }
    }

    @Test func normalizations() {
        let x = param([2, 5, 8], seed: 21, std: 2), w = param([8], seed: 22), b = param([8], seed: 23)
        expectGradients([x, w, b]) { Tensor.groupNorm(x, groups: 4, weight: w, bias: b) }
        expectGradients([x, w, b]) { Tensor.groupNorm(x, groups: 1, weight: w, bias: b) }
        expectGradients([x, w, b]) { Tensor.layerNorm(x, weight: w, bias: b) }
        let wide = param([3, 40], seed: 24), w40 = param([40], seed: 25), b40 = param([40], seed: 26)
        expectGradients([wide, w40, b40]) { Tensor.layerNorm(wide, weight: w40, bias: b40) }
    }

    @Test func activations() {
        let x = param([3, 37], seed: 27, std: 2)
        expectGradients([x]) { x.silu() }
        expectGradients([x]) { x.gelu() }
        expectGradients([x]) { x.sigmoid() }
        expectGradients([x]) { x.tanh() }
        expectGradients([x], check: GradientCheck(eps: 3e-3)) { x.softmax() }
        let small = param([2, 5], seed: 28, std: 0.5)
        expectGradients([small], check: GradientCheck(eps: 3e-3)) { small.exp() }
    }

    @Test func embeddingGather() {
        let table = param([7, 5], seed: 29)
        expectGradients([table]) { Tensor.embedding(table, indices: [3, 1, 3, 6, 0, 3], shape: [2, 3]) }
    }

    @Test func attentionWithAndWithoutMask() {
        let q = param([2, 4, 6], seed: 30), k = param([2, 5, 6], seed: 31), v = param([2, 5, 4], seed: 32)
        expectGradients([q, k, v], check: GradientCheck(eps: 3e-3)) { Tensor.attention(q: q, k: k, v: v, heads: 2) }
        let mask = Tensor([1, 1, 1, 0, 0, 1, 1, 1, 1, 1], shape: [2, 5])
        expectGradients([q, k, v], check: GradientCheck(eps: 3e-3)) { Tensor.attention(q: q, k: k, v: v, heads: 2, keyMask: mask) }
    }

    @Test func l1AndCrossEntropy() {
        let a = param([4, 9], seed: 35), b = param([4, 9], seed: 36)
        expectGradients([a, b]) { Tensor.l1(a, b).reshaped([1]) }
        let logits = param([5, 7], seed: 37, std: 2)
        expectGradients([logits]) { Tensor.crossEntropy(logits, targets: [0, 6, 3, 3, 1]).reshaped([1]) }
    }

    @Test func meanSquaredError() {
        let a = param([4, 9], seed: 33), b = param([4, 9], seed: 34)
        expectGradients([a, b]) { Tensor.mse(a, b).reshaped([1]) }
    }
}
