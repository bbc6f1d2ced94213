import CGemmBF16
import Engine
import Foundation
import Testing

/// bfloat16 GEMMs: operands rounded to nearest even, products accumulated in float32.
@Suite struct BFloat16Tests {
    func bits(_ x: Float) -> UInt16 {
        var out: UInt16 = 0
        var v = x
        ds_f32_to_bf16(&v, &out, 1)
        return out
    }

    @Test func roundsToNearestEven() {
        #expect(bits(1) == 0x3f80)
        #expect(bits(-2) == 0xc000)
        // 1 + 2⁻⁸ lies halfway between two bfloat16 values: ties go to the even one.
        #expect(bits(1 + 0x1p-8) == 0x3f80)
        #expect(bits(1 + 3 * 0x1p-8) == 0x3f82)
        #expect(bits(1 + 0x1p-8 + 0x1p-12) == 0x3f81)
        #expect(bits(.infinity) == 0x7f80)
        #expect(bits(.nan) & 0x7fc0 == 0x7fc0)
        // The vector path (16 at a time) agrees with the scalar tail.
        var rng = SeededGenerator(seed: 11)
        let x = Tensor.randn([37], using: &rng)
        var packed = [UInt16](repeating: 0, count: 37)
        ds_f32_to_bf16(x.data, &packed, 37)
        for i in 0..<37 { #expect(packed[i] == bits(x.data[i])) }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesFloat32WithinBFloat16Rounding(transposes: (Bool, Bool)) {
        let (ta, tb) = transposes
        let (m, n, k) = (70, 50, 300)
        var rng = SeededGenerator(seed: 12)
        let a = Tensor.randn(ta ? [k, m] : [m, k], using: &rng), b = Tensor.randn(tb ? [n, k] : [k, n], using: &rng)
        let c0 = Tensor.randn([m, n], using: &rng)
        let exact = c0.copy(), half = c0.copy()
        Gemm.single(ta, tb, m, n, k, 0.5, a.data, ta ? m : k, b.data, tb ? k : n, 2, exact.data, n)
        Gemm.bfloat16(ta, tb, m, n, k, 0.5, a.data, ta ? m : k, b.data, tb ? k : n, 2, half.data, n)
        // Each operand is off by at most 2⁻⁹ relative; a sum of k products of unit normals
        // then errs by about 2⁻⁸·√k·|alpha| at most, far less than its own size.
        var worst: Float = 0, scale: Float = 0
        for i in 0..<(m * n) {
            worst = max(worst, abs(exact.data[i] - half.data[i]))
            scale = max(scale, abs(exact.data[i]))
        }
        #expect(worst < 0x1p-8 * Float(k).squareRoot() * 0.5 * 3, "largest error \(worst) of \(scale)")
        #expect(worst > 0, "the bf16 path rounded nothing: it did not run")
    }

    /// What the bf16 GEMM computes, on every CPU (oneDNN's kernel where it has one, the software
    /// path on AVX2): the float32 product of the operands rounded to bfloat16, up to summation order.
    @Test func gemmIsTheFloat32ProductOfRoundedOperands() {
        let (m, n, k) = (33, 40, 257)
        var rng = SeededGenerator(seed: 13)
        let a = Tensor.randn([m, k], using: &rng), b = Tensor.randn([n, k], using: &rng)
        func rounded(_ t: Tensor) -> Tensor {
            var packed = [UInt16](repeating: 0, count: t.count)
            ds_f32_to_bf16(t.data, &packed, t.count)
            return Tensor(packed.map { Float(bitPattern: UInt32($0) << 16) }, shape: t.shape)
        }
        let ra = rounded(a), rb = rounded(b)
        let want = Tensor.zeros([m, n]), got = Tensor.zeros([m, n])
        Gemm.single(false, true, m, n, k, 1, ra.data, k, rb.data, k, 0, want.data, n)
        Gemm.bfloat16(false, true, m, n, k, 1, a.data, k, b.data, k, 0, got.data, n)
        var worst: Float = 0
        for i in 0..<(m * n) { worst = max(worst, abs(want.data[i] - got.data[i])) }
        // Only the order of k float32 additions may differ: ~k·2⁻²⁴ of the terms' size.
        #expect(worst < 1e-3, "largest difference \(worst)")
    }
}
