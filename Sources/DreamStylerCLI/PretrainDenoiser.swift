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

        @OptionGroup var corpora: CorpusMixOptions
        @OptionGroup var training: StageRunOptions<DenoiserPretraining.Options>

        @Option(help: "The trained codec's run folder (default: $DREAMSTYLER_HOME/pretrain/codec).")
        var codec: String?

        @Option(help: "Text encoder folder (default: the one `dreamstyler setup` installs).")
        var textEncoder: String?

        @Option(parsing: .unconditional, help: "EMA decay of the shipped weights.")
        var emaDecay = DenoiserPretraining.Options().emaDecay

        func validate() throws {
            guard emaDecay.isFinite, emaDecay > 0 && emaDecay < 1 else { throw ValidationError("--ema-decay must be in (0, 1)") }
        }

        func run() throws {
            precision.apply()
            try reportingErrors {
                StopSignal.shared.install()
                let folder = try training.folder()
                let (config, codecModel) = try PretrainInputs.codec(codec.map { URL(fileURLWithPath: $0) } ?? DataFolder.inside("pretrain/codec"))
                let sources = try corpora.sources()
                try training.make(folder)
                print("encoding latents")
                let material = try DenoiserCorpus.load(sources, codec: codecModel, spectrogram: config.spectrogram, caption: {
                    DenoiserPrior.caption($0.caption, bank: $0.bank, program: $0.program, package: $0.package)
                }) { print($0) }
                let text = try PretrainInputs.text(material.captions, cache: folder.appendingPathComponent(".cache/text.safetensors"),
                                                   encoderFolder: textEncoder.map { URL(fileURLWithPath: $0) })
                var options = training.options
                options.emaDecay = emaDecay
                let stage = DenoiserPretraining(config: config, options: options)
                let (outcome, unet, ema) = try stage.run(corpus: material, text: text, folder: folder, resume: training.resume) { e in
                    print(String(format: "step %6d  loss %.4f  lr %.2e  %.0f s", e.step, e.loss, e.lr, e.seconds))
                }
                guard try PretrainInputs.describe(outcome) else { return }
                ema.copy(into: unet)
                try AtomicFile.write(try config.encoded(), to: folder.appendingPathComponent("config.json"))
                try unet.save(to: folder.appendingPathComponent("denoiser.safetensors"), metadata: ["steps": String(training.steps)])
                print("wrote \(folder.path)/denoiser.safetensors (EMA weights)")
            }
        }
    }
}
