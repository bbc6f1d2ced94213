import CBLAS

/// Single-precision GEMM through OpenBLAS, split over cores by the engine.
///
/// OpenBLAS itself is kept at one thread: small GEMMs scale badly across its
/// threads, and the engine often runs several small GEMMs at once from its own
/// workers. Large products are cut into row (or column) blocks, one
/// single-threaded GEMM per core.
public enum Gemm {
    private static let configured: Void = { openblas_set_num_threads(1) }()

    /// C = alpha · op(A) · op(B) + beta · C, row-major; op(A) is m×k, op(B) is k×n.
    @inline(__always)
    public static func run(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = configured
        let work = 2 * m * n * k
        let threads = Parallel.threadCount
        if threads > 1 && work >= 4_000_000 {
            // Split the longer of m and n so each part stays a tall, efficient GEMM.
            if m >= n && m >= 32 * threads {
                let parts = threads
                Parallel.forEach(parts) { p in
                    let lo = (m * p / parts) & ~7, hi = p == parts - 1 ? m : (m * (p + 1) / parts) & ~7
                    guard hi > lo else { return }
                    single(transA, transB, hi - lo, n, k, alpha,
                           transA ? a + lo : a + lo * lda, lda, b, ldb, beta, c + lo * ldc, ldc)
                }
                return
            }
            if n >= 32 * threads {
                let parts = threads
                Parallel.forEach(parts) { p in
                    let lo = (n * p / parts) & ~15, hi = p == parts - 1 ? n : (n * (p + 1) / parts) & ~15
                    guard hi > lo else { return }
                    single(transA, transB, m, hi - lo, k, alpha,
                           a, lda, transB ? b + lo * ldb : b + lo, ldb, beta, c + lo, ldc)
                }
                return
            }
        }
        single(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// One GEMM on the calling thread (for use inside the engine's own parallel loops).
    @inline(__always)
    public static func single(
        _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
    ) {
        _ = configured
        guard m > 0, n > 0 else { return }
        FlopCounter.add(2 * m * n * k)
        if k == 0 {
            // BLAS leaves C untouched when k = 0; the product of empty matrices is zero.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The OpenBLAS build in use, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH … Cooperlake".
    public static var libraryDescription: String {
        let config = openblas_get_config().map { String(cString: $0) } ?? "OpenBLAS"
        let core = openblas_get_corename().map { String(cString: $0) } ?? "?"
        return "\(config.trimmingCharacters(in: .whitespaces)) (\(core))"
    }
}

import Foundation
