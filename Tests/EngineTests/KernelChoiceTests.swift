import Engine
import Foundation
import Testing

/// The GEMM kernels are the best the CPU offers, and they compute right.
@Suite struct KernelChoiceTests {
    @Test func noSilentFallback() {
        let host = CPUFeatures.host
        // A limit set on purpose (DNNL_MAX_CPU_ISA) is the one case where lower kernels are right.
        guard ProcessInfo.processInfo.environment["DNNL_MAX_CPU_ISA"] == nil else { return }
        #expect(Kernels.active >= host.bestISA, "\(Kernels.description) on a CPU with \(host.names)")
        if host.avx2 && host.fma {
            #expect(Kernels.active.hasFMA, "a pre-AVX2 kernel (\(Kernels.active.name)) on a CPU with AVX2")
        }
        #expect(Kernels.fallbackWarning == nil)
    }

    @Test func featuresAreConsistent() {
        let f = CPUFeatures.host
        #expect(!f.vendor.isEmpty)
        // Each generation implies the one before it; a CPU reporting otherwise is misread.
        if f.avx512f { #expect(f.avx2 && f.fma) }
        if f.avx2 { #expect(f.avx) }
        if f.avx512bf16 { #expect(f.avx512f) }
        #expect(f.names.contains("sse4.1"))
    }

    @Test func kernelsComputeRight() {
        #expect(Kernels.selfCheck() < 1e-5)
    }

    @Test func fmaProbeMeasuresSomething() {
        let probe = FMAProbe.measure(seconds: 0.02)
        #expect([4, 8, 16].contains(probe.vectorWidth))
        #expect(probe.gflops > 0.5)
    }
}
