import ArgumentParser
import Bench
import Foundation

extension DreamStyler {
    struct BenchModel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "model",
            abstract: "The default denoiser: training and tuning step time, generation time, memory.",
            discussion: """
            A full training step (every weight trained) and a DreamStyler tuning step (cross-attention \
            K/V and 5 % of self-attention V entries trained, gradients flowing through the whole \
            network) at batch 32 on 4.1-s clips; 10 s of audio generated with 50 DDIM steps and \
            classifier-free guidance (denoiser only); and the process's peak memory.
            """)

        @Flag(help: "Print the report as JSON.")
        var json = false

        @Option(parsing: .unconditional, help: "Batch size of the training steps.")
        var batch = 32

        @Option(parsing: .unconditional, help: "Timed repetitions per measurement (the median is reported).")
        var repeats = 5

        func validate() throws {
            try InputChecks.int(batch, "--batch", in: 1...256)
            try InputChecks.int(repeats, "--repeats", in: 1...1000)
        }

        func run() throws {
            let r = ModelBenchmark(batch: batch, repeats: repeats).run()
            if json {
                try printJSON(r)
                return
            }
            print(String(format: "denoiser        %.2f M parameters, %.3f GFLOP forward per 4.1-s clip (%d latent frames)",
                         Double(r.parameters) / 1e6, r.forwardGFLOPPerClip, r.latentFrames))
            print(String(format: "GEMM peak       %.1f GFLOP/s", r.peakGFLOPS))
            print(String(format: "training step   %.3f s (batch %d, all weights)   %.1f GFLOP/s, %.0f%% of peak",
                         r.fullStepSeconds, r.batch, r.fullStepGFLOPS, r.fullStepFractionOfPeak * 100))
            print(String(format: "tuning step     %.3f s (batch %d, DreamStyler)   %.1f GFLOP/s, %.0f%% of peak",
                         r.tuningStepSeconds, r.batch, r.tuningStepGFLOPS, r.tuningStepFractionOfPeak * 100))
            print(String(format: "generate        %.2f s for %.0f s of audio (%d DDIM steps, CFG)", r.generateSeconds, r.generateAudioSeconds, r.generateSteps))
            print("peak memory     \(r.peakMemoryMB) MB")
        }
    }
}
