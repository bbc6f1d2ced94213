import ArgumentParser
import Bench
import Foundation
import Text

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

        @OptionGroup var precision: PrecisionOptions

        @Option(parsing: .unconditional, help: "Batch size of the training steps.")
        var batch = 32

        @Option(parsing: .unconditional, help: "Timed repetitions per measurement (the median is reported).")
        var repeats = 5

        @Option(name: .customLong("text-encoder"), help: ArgumentHelp(
            "Also time the real DreamStyler tuning step (identifier tokens through this BERT folder, AdamW, clipping); `default` for the installed all-MiniLM-L6-v2.",
            valueName: "dir"))
        var textEncoder: String?

        @Option(help: ArgumentHelp("Only write a reference forward pass of the denoiser (and the text encoder, with --text-encoder) to this folder, for Scripts/bench-pytorch.", valueName: "dir"))
        var dumpForward: String?

        @Option(help: ArgumentHelp("The denoiser weights that --dump-forward loads.", valueName: "file"))
        var weights = "Models/base/denoiser.safetensors"

        func validate() throws {
            try InputChecks.int(batch, "--batch", in: 1...256)
            try InputChecks.int(repeats, "--repeats", in: 1...1000)
        }

        func run() throws {
            precision.apply()
            let encoder = try textEncoder.map { try TextEncoder(folder: $0 == "default" ? TextEncoderFolder.defaultFolder : URL(fileURLWithPath: $0)) }
            if let dir = dumpForward {
                let files = try ModelBenchmark.dumpForward(weights: URL(fileURLWithPath: weights), textEncoder: encoder, to: URL(fileURLWithPath: dir))
                for f in files { print(f.path) }
                return
            }
            let bench = ModelBenchmark(batch: batch, repeats: repeats)
            var r = bench.run()
            if let encoder { r.dreamStylerStepSeconds = try bench.dreamStylerStep(textEncoder: encoder) }
            if json {
                try printJSON(r)
                return
            }
            print(String(format: "denoiser        %.2f M parameters, %.3f GFLOP forward per 4.1-s clip (%d latent frames)",
                         Double(r.parameters) / 1e6, r.forwardGFLOPPerClip, r.latentFrames))
            print(String(format: "GEMM peak       %.1f GFLOP/s", r.peakGFLOPS))
            print(String(format: "training step   %.3f s (batch %d, all weights)   %.1f GFLOP/s, %.0f%% of peak",
                         r.fullStepSeconds, r.batch, r.fullStepGFLOPS, r.fullStepFractionOfPeak * 100))
            print(String(format: "tuning step     %.3f s (batch %d, DreamStyler, the paper's scope: 5 %% of self-attention V)   %.1f GFLOP/s, %.0f%% of peak",
                         r.tuningStepSeconds, r.batch, r.tuningStepGFLOPS, r.tuningStepFractionOfPeak * 100))
            if let s = r.defaultTuningStepSeconds, let rate = r.defaultTuningStepGFLOPS {
                print(String(format: "tuning step     %.3f s (batch %d, DreamStyler, the default scope: 5 %% of every weight)   %.1f GFLOP/s, %.0f%% of peak",
                             s, r.batch, rate, rate / r.peakGFLOPS * 100))
            }
            print(String(format: "generate        %.2f s for %.0f s of audio (%d DDIM steps, CFG)", r.generateSeconds, r.generateAudioSeconds, r.generateSteps))
            if let s = r.dreamStylerStepSeconds {
                print(String(format: "DreamStyler     %.3f s (batch %d: text encoder, tuning step, clipping, AdamW)", s, r.batch))
            }
            print("peak memory     \(r.peakMemoryMB) MB")
        }
    }
}
