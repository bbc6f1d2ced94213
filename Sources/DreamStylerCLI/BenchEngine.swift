import ArgumentParser
import Bench
import Engine
import Foundation

extension DreamStyler {
    struct BenchEngine: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "engine",
            abstract: "The CPU's features and FMA peak, the GEMM kernels chosen, and U-Net blocks measured against them.",
            discussion: """
            First the CPU's features (CPUID), the GEMM library and the kernel generation it runs, \
            and the FMA throughput of the cores measured by a register-only loop (independent of \
            the library). Then a large square single-precision GEMM on all cores gives the GEMM \
            peak, against that FMA peak. Then a \
            ResBlock at two U-Net sizes and a transformer block (self-attention, cross-attention \
            to 24 text tokens, feed-forward) run at batch 32: forward alone, and forward + \
            backward with every weight trained. GFLOP/s counts GEMM work (2·m·n·k).
            Set DREAMSTYLER_THREADS to change the number of cores used.
            """)

        @Flag(help: "Print the report as JSON.")
        var json = false

        @Option(parsing: .unconditional, help: "Batch size of the blocks.")
        var batch = 32

        @Option(parsing: .unconditional, help: "Timed repetitions per measurement (the median is reported).")
        var repeats = 10

        @Option(help: ArgumentHelp("Run kernels no newer than this generation (to measure a fallback).",
                                   valueName: KernelISA.allCases.map(\.name).joined(separator: "|")))
        var maxIsa: String?

        @Flag(help: "Only check that the kernels in use compute right (against a double-precision reference).")
        var check = false

        func validate() throws {
            try InputChecks.int(batch, "--batch", in: 1...256)
            try InputChecks.int(repeats, "--repeats", in: 1...1000)
            if let name = maxIsa, KernelISA(name: name) == nil {
                throw ValidationError("--max-isa must be one of \(KernelISA.allCases.map(\.name).joined(separator: ", "))")
            }
        }

        func run() throws {
            if let isa = maxIsa.flatMap(KernelISA.init(name:)), !Kernels.limit(to: isa) {
                throw ValidationError("the kernels could not be limited to \(isa.name)")
            }
            if check {
                let error = Kernels.selfCheck()
                print("kernels   \(Kernels.description) (best for this CPU: \(Kernels.best.name))")
                print(String(format: "check     largest relative GEMM error %.2e: %@", error, error < 1e-5 ? "ok" : "WRONG"))
                if error >= 1e-5 { throw ExitCode.failure }
                return
            }
            let report = EngineBenchmark(batch: batch, repeats: repeats).run()
            if json {
                try printJSON(report)
                return
            }
            let m = report.machine
            print("cpu       \(m.cpu)")
            print("features  \(m.features.joined(separator: " "))")
            print("kernels   \(m.library), \(m.kernels) (best for this CPU: \(m.bestKernels))")
            if let fallback = m.fallback { print("warning   \(fallback)") }
            print(String(format: "FMA peak  %.1f GFLOP/s on %d threads (%d-float vectors, register-only loop)",
                         m.fma.gflops, m.fma.threads, m.fma.vectorWidth))
            print(String(format: "GEMM      %d³ sgemm on %d threads: %.1f GFLOP/s (%.1f ms), %.0f%% of the FMA peak",
                         report.peak.size, report.peak.threads, report.peak.gflops, report.peak.seconds * 1e3,
                         100 * report.peak.gflops / m.fma.gflops))
            print("")
            func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
            print(pad("block", 17) + pad("shape", 32) + "  fwd ms  fwd GF/s  train ms  train GF/s  of peak  allocs/step")
            for b in report.blocks {
                print(pad(b.name, 17) + pad(b.shape, 32) + String(
                    format: "%8.2f  %8.1f  %8.2f  %10.1f  %6.1f%%  %11.1f",
                    b.forwardSeconds * 1e3, b.forwardGFLOPS, b.trainSeconds * 1e3, b.trainGFLOPS,
                    b.trainFractionOfPeak * 100, b.allocationsPerStep))
            }
        }
    }
}
