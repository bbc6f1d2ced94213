import CDNNL
import Foundation
import Synchronization

/// Which GEMM and convolution kernels the engine runs, and whether that is the best
/// this CPU offers. The engine never falls back silently: a fallback the user did
/// not ask for is announced on standard error the first time a kernel runs.
public enum Kernels {
    /// The library, e.g. "oneDNN 2.6.3".
    public static var library: String {
        guard let v = dnnl_version()?.pointee else { return "oneDNN" }
        return "oneDNN \(v.major).\(v.minor).\(v.patch)"
    }

    /// The library and the kernels in use, e.g. "oneDNN 2.6.3, avx512_core_bf16 kernels".
    public static var description: String { "\(library), \(active.name) kernels" }

    /// The kernel generation in use: the best the CPU has, unless limited by
    /// `limit(to:)` or the `DNNL_MAX_CPU_ISA` environment variable.
    public static var active: KernelISA {
        KernelISA(dnnl_get_effective_cpu_isa()) ?? .sse41
    }

    /// The kernel generation this CPU deserves.
    public static var best: KernelISA { CPUFeatures.host.bestISA }

    /// Limits the kernels to `isa` (to test the generic path, or by a user's choice).
    /// Takes effect only before the first GEMM of the process; returns whether it did.
    @discardableResult
    public static func limit(to isa: KernelISA) -> Bool {
        limitedOnPurpose.withLock { $0 = true }
        return dnnl_set_max_cpu_isa(isa.dnnl) == dnnl_success && active <= isa
    }

    /// Whether a lower generation than the CPU's best was asked for (and so is no fault).
    public static var isLimitedOnPurpose: Bool {
        limitedOnPurpose.withLock { $0 } || ProcessInfo.processInfo.environment["DNNL_MAX_CPU_ISA"] != nil
    }

    /// A line saying the kernels are below what the CPU offers, or nil when they are not.
    public static var fallbackWarning: String? {
        guard active < best else { return nil }
        return "the GEMM kernels run \(active.name) although this CPU (\(CPUFeatures.host.brand)) offers \(best.name): "
            + "expect a fraction of its speed" + (isLimitedOnPurpose ? " (limited on purpose)" : "")
    }

    /// Runs GEMMs of several shapes and transpositions through the engine and returns
    /// the largest error against a double-precision reference, relative to the size of
    /// the result: a check that the kernels in use (whichever generation) compute right.
    public static func selfCheck() -> Double {
        var rng = SeededGenerator(seed: 7)
        var worst = 0.0
        for (m, n, k) in [(1, 1, 1), (7, 13, 5), (64, 48, 64), (130, 70, 300), (600, 200, 96)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = Tensor.randn(ta ? [k, m] : [m, k], using: &rng), b = Tensor.randn(tb ? [n, k] : [k, n], using: &rng)
                let c = Tensor.randn([m, n], using: &rng), c0 = c.copy()
                Gemm.run(transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.5, a: a.data, lda: ta ? m : k,
                         b: b.data, ldb: tb ? k : n, beta: 2, c: c.data, ldc: n)
                for i in 0..<m {
                    for j in 0..<n {
                        var sum = 0.0, scale = 0.0
                        for l in 0..<k {
                            let x = Double(a.data[ta ? l * m + i : i * k + l]), y = Double(b.data[tb ? j * k + l : l * n + j])
                            sum += x * y
                            scale += abs(x * y)
                        }
                        let want = 0.5 * sum + 2 * Double(c0.data[i * n + j])
                        worst = max(worst, abs(want - Double(c.data[i * n + j])) / (0.5 * scale + 2 * abs(Double(c0.data[i * n + j])) + 1e-30))
                    }
                }
            }
        }
        return worst
    }

    static func announceFallback() {
        guard let line = fallbackWarning, !isLimitedOnPurpose else { return }
        FileHandle.standardError.write(Data("dreamstyler: warning: \(line)\n".utf8))
    }

    private static let limitedOnPurpose = Mutex(false)
}
