import Engine
import Foundation

/// Mel power (T, melBands) → linear power (T, bins): the mel projection has far
/// fewer rows than columns, so this picks a plausible spectrum among the many
/// that project to the same mel frame.
public enum MelInversion: String, Sendable, CaseIterable, Codable {
    /// Ridge pseudo-inverse, negatives clamped to zero: one GEMM.
    case pseudoInverse
    /// Non-negative least squares by accelerated projected gradient, started from the pseudo-inverse.
    case nnls

    public func linearPower(_ mel: Tensor, filterbank m: Tensor, iterations: Int = 40) -> Tensor {
        noGrad {
            let p = MelInversion.projector(m)
            let x0 = Tensor.matmul(mel, p)
            VectorMath.map(x0.count, x0.data, x0.data) { $0.replacing(with: 0, where: $0 .< 0) }
            guard self == .nnls else { return x0 }
            return MelInversion.nnls(mel, m, start: x0, iterations: iterations)
        }
    }

    /// (M Mᵀ + λI)⁻¹ M, (melBands, bins), so that X = Y · P.
    static func projector(_ m: Tensor) -> Tensor {
        let n = m.shape[0]
        let mmt = Tensor.matmul(m, m, transposeB: true)  // (n, n)
        var a = (0..<(n * n)).map { Double(mmt.data[$0]) }
        let trace = (0..<n).reduce(0.0) { $0 + a[$1 * n + $1] }
        for i in 0..<n { a[i * n + i] += 1e-6 * trace / Double(n) }
        let inv = Tensor(choleskyInverse(a, n).map(Float.init), shape: [n, n])
        return Tensor.matmul(inv, m)
    }

    /// Inverse of a symmetric positive definite n×n matrix via Cholesky, in Double.
    static func choleskyInverse(_ a: [Double], _ n: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = i == j ? max(s, 1e-30).squareRoot() : s / l[j * n + j]
            }
        }
        // Solve L Lᵀ X = I column by column.
        var inv = [Double](repeating: 0, count: n * n)
        for c in 0..<n {
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var s = i == c ? 1.0 : 0
                for k in 0..<i { s -= l[i * n + k] * y[k] }
                y[i] = s / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = y[i]
                for k in (i + 1)..<n { s -= l[k * n + i] * inv[k * n + c] }
                inv[i * n + c] = s / l[i * n + i]
            }
        }
        return inv
    }

    /// min ‖X Mᵀ − Y‖² subject to X ≥ 0 (FISTA with projection).
    static func nnls(_ y: Tensor, _ m: Tensor, start: Tensor, iterations: Int) -> Tensor {
        let mtm = Tensor.matmul(m, m, transposeA: true)  // (bins, bins)
        // Lipschitz constant: the largest eigenvalue of MᵀM, by power iteration.
        var v = Tensor.ones([m.shape[1], 1])
        var lambda: Float = 1
        for _ in 0..<30 {
            let w = Tensor.matmul(mtm, v)
            lambda = w.toArray().map { $0 * $0 }.reduce(0, +).squareRoot()
            v = w * (1 / max(lambda, 1e-30))
        }
        let step = 1 / (lambda * 1.01)
        let ym = Tensor.matmul(y, m)  // Y M, (T, bins)
        var x = start.copy(), z = start.copy()
        var t: Float = 1
        for _ in 0..<iterations {
            // ∇ = Z MᵀM − Y M
            let grad = Tensor.matmul(z, mtm) - ym
            let next = z - grad * step
            VectorMath.map(next.count, next.data, next.data) { $0.replacing(with: 0, where: $0 .< 0) }
            let tn = (1 + (1 + 4 * t * t).squareRoot()) / 2
            z = next + (next - x) * ((t - 1) / tn)
            x = next
            t = tn
        }
        return x
    }
}
