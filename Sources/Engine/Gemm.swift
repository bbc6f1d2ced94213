import CDNNL
import CGemmBF16
import Foundation

/// Single-precision GEMM through oneDNN, split over cores by the engine.
///
/// Why oneDNN and not OpenBLAS: Debian's OpenBLAS 0.3.21 picks its kernels from a
/// table of CPU models, and on a model it does not know (the 2026 Xeons, Zen 5) it
/// silently runs SSE3 or AVX2 kernels at a quarter or half of the machine's speed.
/// oneDNN dispatches on CPUID features, so a new CPU gets the widest kernels its
/// instruction set allows; measured here (Zen 5, one thread) 250 GFLOP/s against
/// OpenBLAS's 123 (its Haswell choice) and BLIS's 40 (generic).
///
/// oneDNN itself is kept at one thread: small GEMMs scale badly across threads, and
/// the engine often runs several small GEMMs at once from its own workers. Large
/// products are cut into row (or column) blocks, one single-threaded GEMM per core.
public enum Gemm {
    private static let configured: Void = { Kernels.announceFallback() }()

    /// C = alpha · op(A) · op(B) + beta · C, row-major; op(A) is m×k, op(B) is k×n.
    /// `exact` keeps float32 operands even when bf16 is on: fixed transforms such as the
    /// DFT matrices of the spectral operations would lose ~50 dB of precision in bf16.
    @inline(__always)
    public static func run(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, exact: Bool = false
    ) {
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
                           transA ? a + lo : a + lo * lda, lda, b, ldb, beta, c + lo * ldc, ldc, exact: exact)
                }
                return
            }
            if n >= 32 * threads {
                let parts = threads
                Parallel.forEach(parts) { p in
                    let lo = (n * p / parts) & ~15, hi = p == parts - 1 ? n : (n * (p + 1) / parts) & ~15
                    guard hi > lo else { return }
                    single(transA, transB, m, hi - lo, k, alpha,
                           a, lda, transB ? b + lo * ldb : b + lo, ldb, beta, c + lo, ldc, exact: exact)
                }
                return
            }
        }
        single(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, exact: exact)
    }

    /// One GEMM on the calling thread (for use inside the engine's own parallel loops).
    @inline(__always)
    public static func single(
        _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, exact: Bool = false
    ) {
        _ = configured
        guard m > 0, n > 0 else { return }
        FlopCounter.add(2 * m * n * k)
        if k == 0 {
            // BLAS leaves C untouched when k = 0; the product of empty matrices is zero.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        if !exact && Precision.current == .bf16 && 2 * m * n * k >= Precision.minimumWork {
            bfloat16(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        omp_set_num_threads(1)
        let status = dnnl_sgemm(transA ? trans : plain, transB ? trans : plain, Int64(m), Int64(n), Int64(k), alpha,
                                a, Int64(lda), b, Int64(ldb), beta, c, Int64(ldc))
        require(status == dnnl_success, "dnnl_sgemm failed (status \(status.rawValue)) for \(m)×\(n)×\(k)")
    }

    /// One GEMM on the calling thread with A and B rounded to bfloat16, accumulated in float32.
    public static func bfloat16(
        _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
    ) {
        let status = ds_gemm_bf16(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        if status == 0 { return }
        // oneDNN 2.6 has no bf16 matmul below AVX-512 (an AVX2 CPU says "unimplemented"): the same
        // arithmetic in software, operands rounded to bfloat16 and products summed by the fp32 GEMM.
        // Only a caller that asks for bf16 itself gets here: `Precision` never turns it on there.
        require(Int64(status) == Int64(dnnl_unimplemented.rawValue), "bf16 GEMM failed (oneDNN status \(status)) for \(m)×\(n)×\(k)")
        let ra = roundedToBFloat16(a, rows: transA ? k : m, cols: transA ? m : k, ld: lda)
        let rb = roundedToBFloat16(b, rows: transB ? n : k, cols: transB ? k : n, ld: ldb)
        omp_set_num_threads(1)
        let sgemm = dnnl_sgemm(transA ? trans : plain, transB ? trans : plain, Int64(m), Int64(n), Int64(k), alpha,
                               ra, Int64(transA ? m : k), rb, Int64(transB ? k : n), beta, c, Int64(ldc))
        require(sgemm == dnnl_success, "dnnl_sgemm failed (status \(sgemm.rawValue)) for \(m)×\(n)×\(k)")
    }

    /// A rows × cols matrix (leading dimension `ld`) with every entry rounded to the nearest
    /// bfloat16 (ties to even), packed contiguously.
    static func roundedToBFloat16(_ x: UnsafePointer<Float>, rows: Int, cols: Int, ld: Int) -> [Float] {
        var bits = [UInt16](repeating: 0, count: rows * cols)
        bits.withUnsafeMutableBufferPointer { d in
            for r in 0..<rows { ds_f32_to_bf16(x + r * ld, d.baseAddress! + r * cols, cols) }
        }
        return bits.map { Float(bitPattern: UInt32($0) << 16) }
    }

    /// The oneDNN implementation of this thread's last bf16 GEMM, e.g. "brg:avx512_core_bf16".
    public static var bfloat16Kernel: String { String(cString: ds_gemm_bf16_kernel()) }

    private static let trans = CChar(UInt8(ascii: "T")), plain = CChar(UInt8(ascii: "N"))
}
