import ArgumentParser
import Audio
import Engine
import Foundation
import Model
import Pretraining
import Training

extension DreamStyler {
    struct PretrainCodec: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "codec",
            abstract: "Train the latent codec (mel ↔ latent autoencoder) on a corpus.",
            discussion: """
            Learns to compress 80-band normalised log-mel frames into 32-channel latents at a quarter \
            of the frame rate (L1 reconstruction), then measures the latent scale that gives unit \
            variance. Writes codec.safetensors and config.json into the run folder.
            """)

        @Option(help: "Corpus folder (with manifest.jsonl).")
        var corpus: String

        @Option(name: .customLong("run"), help: "Run folder (default: $DREAMSTYLER_HOME/pretrain/codec).")
        var runFolder: String?

        @Option(parsing: .unconditional, help: "Training steps.")
        var steps = 4000

        @Option(parsing: .unconditional, help: "Crops per batch.")
        var batch = 32

        @Option(parsing: .unconditional, help: "Peak learning rate (warm-up, then cosine decay).")
        var lr: Float = 1e-3

        @Option(parsing: .unconditional, help: "Checkpoint every N steps.")
        var checkpointEvery = 500

        @Option(parsing: .unconditional, help: "Seed of initialisation and crops.")
        var seed: UInt64 = 1

        @Flag(help: "Continue the run in the run folder from its newest checkpoint.")
        var resume = false

        func validate() throws {
            try InputChecks.int(steps, "--steps", in: 1...10_000_000)
            try InputChecks.int(batch, "--batch", in: 1...1024)
            try InputChecks.rate(lr, "--lr")
            try InputChecks.int(checkpointEvery, "--checkpoint-every", in: 1...10_000_000)
        }

        func run() throws {
            try reportingErrors {
                StopSignal.shared.install()
                let folder = try runFolder.map { URL(fileURLWithPath: $0) } ?? DataFolder.folder("pretrain/codec")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let config = ModelConfiguration()
                let index = try CorpusIndex(folder: URL(fileURLWithPath: corpus))
                let mels = try PretrainInputs.mels(index, config: config)
                var options = CodecPretraining.Options()
                options.steps = steps; options.batch = batch; options.learningRate = lr
                options.checkpointEvery = checkpointEvery; options.seed = seed
                let stage = CodecPretraining(config: config, options: options)
                let (outcome, codec) = try stage.run(mels: mels, folder: folder, resume: resume) { e in
                    print(String(format: "step %6d  L1 %.4f  lr %.2e  %.0f s", e.step, e.loss, e.lr, e.seconds))
                }
                switch outcome {
                case .stopped(let s): print("stopped at step \(s); continue with --resume"); throw ExitCode(StopSignal.shared.exitStatus)
                case .diverged(let s, let c): throw ValidationError("training diverged at step \(s) (non-finite loss); the last good checkpoint is step \(c)")
                case .finished: break
                }
                let (l1, std) = CodecPretraining.evaluate(codec, mels: mels, frames: 256, count: 256, silence: stage.silence)
                var final = config
                final.codec.latentScale = Float(1 / std)
                try AtomicFile.write(try final.encoded(), to: folder.appendingPathComponent("config.json"))
                try codec.save(to: folder.appendingPathComponent("codec.safetensors"), metadata: ["l1": String(l1), "latent_std": String(std)])
                print(String(format: "codec: reconstruction L1 %.4f (normalised log-mel), latent std %.3f → scale %.3f", l1, std, 1 / std))
            }
        }
    }
}
