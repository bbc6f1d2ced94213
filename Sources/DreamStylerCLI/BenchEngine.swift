import ArgumentParser
import Bench
import Engine
import Foundation

extension DreamStyler {
    struct BenchEngine: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "engine",
            abstract: "GEMM peak of this machine, and U-Net blocks measured against it.",
            discussion: """
            First a large square single-precision GEMM on all cores gives the peak. Then a \
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

        func validate() throws {
            try InputChecks.int(batch, "--batch", in: 1...256)
            try InputChecks.int(repeats, "--repeats", in: 1...1000)
        }

        func run() throws {
            let report = EngineBenchmark(batch: batch, repeats: repeats).run()
            if json {
                try printJSON(report)
                return
            }
            print("library   \(report.library)")
            print(String(format: "GEMM peak %d³ sgemm on %d threads: %.1f GFLOP/s (%.1f ms)",
                         report.peak.size, report.peak.threads, report.peak.gflops, report.peak.seconds * 1e3))
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
