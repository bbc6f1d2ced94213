import CCPU

/// The CPU's single-precision FMA throughput, measured by a register-only loop of
/// independent FMAs on every worker at once: a yardstick that does not depend on the
/// GEMM library it judges.
public enum FMAProbe {
    public struct Result: Codable, Sendable {
        /// Floats per vector of the loop (16 with AVX-512, 8 with AVX2, 4 otherwise).
        public var vectorWidth: Int
        public var threads: Int
        public var gflops: Double
    }

    public static func measure(seconds: Double = 0.3) -> Result {
        let threads = Parallel.threadCount
        // Each worker writes only its own slots.
        let rates = UnsafeMutableBufferPointer<Double>.allocate(capacity: threads)
        let widths = UnsafeMutableBufferPointer<Int32>.allocate(capacity: threads)
        defer { rates.deallocate(); widths.deallocate() }
        Parallel.forEach(threads) { t in rates[t] = ds_fma_peak_gflops(seconds, widths.baseAddress! + t) }
        return Result(vectorWidth: Int(widths[0]), threads: threads, gflops: rates.reduce(0, +))
    }
}
