import ArgumentParser
import Engine
import Foundation
import Corpus
import Model
import Pretraining
import Training

extension DreamStyler {
    struct PretrainDenoiser: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "denoiser",
            abstract: "Train the U-Net denoiser on codec latents of a corpus and its captions.",
            discussion: """
            ε-prediction with a 1,000-step schedule on 4.1-s latent crops, conditioned on the \
            captions' MiniLM hidden states, 10 % of them replaced by the empty prompt (for \
            classifier-free guidance). Keeps EMA weights, which are what denoiser.safetensors holds.

            --corpus DIR[:WEIGHT] may be repeated (procedural, GM renders, real music): each crop \
            picks a source with probability weight / Σweights, then a clip of it. Every caption \
            passes the prior's rule: a caption naming a benchmark concept is blanked, the strictly \
            novel concepts' instruments (\(DenoiserPrior.strictlyNovel.joined(separator: ", "))) are \
            never heard, and an uncaptioned real track is described by its package.
            """)

        @OptionGroup var precision: PrecisionOptions

        @Option(help: "Corpus folder, optionally with a sampling weight: DIR[:WEIGHT] (repeatable).")
        var corpus: [String]

        @Option(help: "The trained codec's run folder (default: $DREAMSTYLER_HOME/pretrain/codec).")
        var codec: String?

        @Option(name: .customLong("run"), help: "Run folder (default: $DREAMSTYLER_HOME/pretrain/denoiser).")
        var runFolder: String?

        @Option(help: "Text encoder folder (default: the one `dreamstyler setup` installs).")
        var textEncoder: String?

        @Option(parsing: .unconditional, help: "Training steps.")
        var steps = 20_000

        @Option(parsing: .unconditional, help: "Crops per batch.")
        var batch = 32

        @Option(parsing: .unconditional, help: "Peak learning rate (warm-up, then cosine decay).")
        var lr: Float = 3e-4

        @Option(parsing: .unconditional, help: "EMA decay of the shipped weights.")
        var emaDecay: Float = 0.999

        @Option(parsing: .unconditional, help: "Checkpoint every N steps.")
        var checkpointEvery = 500

        @Option(parsing: .unconditional, help: "Seed of initialisation, crops, noise and caption dropout.")
        var seed: UInt64 = 2

        @Flag(help: "Continue the run in the run folder from its newest checkpoint.")
        var resume = false

        func validate() throws {
            try InputChecks.int(steps, "--steps", in: 1...10_000_000)
            try InputChecks.int(batch, "--batch", in: 1...1024)
            try InputChecks.rate(lr, "--lr")
            try InputChecks.int(checkpointEvery, "--checkpoint-every", in: 1...10_000_000)
            guard emaDecay.isFinite, emaDecay > 0 && emaDecay < 1 else { throw ValidationError("--ema-decay must be in (0, 1)") }
            guard !corpus.isEmpty else { throw ValidationError("give at least one --corpus DIR[:WEIGHT]") }
            for c in corpus {
                do { _ = try CorpusSource.parse(c) } catch let e as CorpusSource.Failure { throw ValidationError(e.description) }
            }
        }

        func run() throws {
            precision.apply()
            try reportingErrors {
                StopSignal.shared.install()
                let folder = try runFolder.map { URL(fileURLWithPath: $0) } ?? DataFolder.folder("pretrain/denoiser")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let (config, codecModel) = try PretrainInputs.codec(codec.map { URL(fileURLWithPath: $0) } ?? DataFolder.folder("pretrain/codec"))
                let sources = try corpus.map(CorpusSource.resolve)
                print("encoding latents")
                let material = try DenoiserCorpus.load(sources, codec: codecModel, spectrogram: config.spectrogram, caption: {
                    DenoiserPrior.caption($0.caption, bank: $0.bank, program: $0.program, package: $0.package)
                }) { print($0) }
                let text = try PretrainInputs.text(material.captions, cache: folder.appendingPathComponent(".cache/text.safetensors"),
                                                   encoderFolder: textEncoder.map { URL(fileURLWithPath: $0) })
                var options = DenoiserPretraining.Options()
                options.steps = steps; options.batch = batch; options.learningRate = lr; options.emaDecay = emaDecay
                options.checkpointEvery = checkpointEvery; options.seed = seed
                let stage = DenoiserPretraining(config: config, options: options)
                let (outcome, unet, ema) = try stage.run(corpus: material, text: text, folder: folder, resume: resume) { e in
                    print(String(format: "step %6d  loss %.4f  lr %.2e  %.0f s", e.step, e.loss, e.lr, e.seconds))
                }
                guard try PretrainInputs.describe(outcome) else { return }
                ema.copy(into: unet)
                try AtomicFile.write(try config.encoded(), to: folder.appendingPathComponent("config.json"))
                try unet.save(to: folder.appendingPathComponent("denoiser.safetensors"), metadata: ["steps": String(steps)])
                print("wrote \(folder.path)/denoiser.safetensors (EMA weights)")
            }
        }
    }
}
