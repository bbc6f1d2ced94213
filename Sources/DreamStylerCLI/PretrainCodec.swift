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
            abstract: "Train the latent codec (mel ↔ latent autoencoder) on one or more corpora.",
            discussion: """
            Learns to compress 80-band normalised log-mel frames into 32-channel latents at a quarter \
            of the frame rate (L1 reconstruction), then measures the latent scale that gives unit \
            variance. Writes codec.safetensors and config.json into the run folder.

            --corpus DIR[:WEIGHT] may be repeated: each crop picks a source with probability \
            weight / Σweights, then a clip of it uniformly. DIR is a corpus folder (manifest.jsonl) \
            or a folder of them (e.g. corpus/gm, one folder per soundfont, drawn as one source). \
            Mel frames are cached per corpus folder (.cache/mels.safetensors) and held as fp16.

            Example (codec v2, see Scripts/pretrain-codec-v2):
              dreamstyler pretrain codec --corpus corpus/generator:1 --corpus corpus/real/train:2 \\
                --corpus corpus/gm:2 --channels 192,256 --res-blocks 2 --run pretrain/codec-v2
            """)

        @OptionGroup var corpora: CorpusMixOptions
        @OptionGroup var training: StageRunOptions<CodecPretraining.Options>

        @Option(help: "Channel widths of the two conv stages, outermost first (e.g. 192,256). Default: v1's 128,128.")
        var channels: String?

        @Option(parsing: .unconditional, help: "Residual blocks per stage (default: v1's 1).")
        var resBlocks: Int?

        @Option(parsing: .unconditional, help: "Latent channels (default: v1's 32); a new width needs a denoiser trained for it.")
        var latentChannels: Int?

        @Option(parsing: .unconditional, help: "Crop length in mel frames (256 = 4.1 s).")
        var frames = CodecPretraining.Options().frames

        @Option(help: ArgumentHelp("Train only the decoder of the codec in DIR (a base model or a codec run), its encoder frozen.",
                                   discussion: "The latent space stays as it is, so the denoiser and every concept delta made for it still fit; the latent scale is DIR's. A resumed decoder-only run stays one without the flag.",
                                   valueName: "DIR"))
        var decoderOf: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("With --decoder-of: grow the decoder to N residual blocks per stage (up to 8), the new ones starting as the identity.", valueName: "N"))
        var decoderResBlocks: Int?

        @Option(parsing: .unconditional, help: ArgumentHelp("With --decoder-of: also train the decoder against a mel critic, at HiFi-GAN's loss proportions times W (0: L1 alone).",
                                                             discussion: "L1 alone learns a sound's average; the critic asks for mels that could be real. A resumed run keeps the weight it started with.",
                                                             valueName: "W"))
        var adversarial: Float?

        @Option(parsing: .unconditional, help: ArgumentHelp("With --decoder-of: also match the differences between neighbouring bands and frames, times W (0: L1 alone).",
                                                             discussion: "The fine structure an average smooths away. A resumed run keeps the weight it started with.",
                                                             valueName: "W"))
        var fineStructure: Float?

        func validate() throws {
            guard frames > 0, frames % 4 == 0 else { throw ValidationError("--frames must be a positive multiple of 4") }
            if decoderOf != nil, channels != nil || resBlocks != nil || latentChannels != nil {
                throw ValidationError("--decoder-of keeps the sizes of the codec it starts from; drop --channels, --res-blocks and --latent-channels")
            }
            if let n = decoderResBlocks {
                guard decoderOf != nil else { throw ValidationError("--decoder-res-blocks grows the decoder of --decoder-of DIR; give that too") }
                try InputChecks.int(n, "--decoder-res-blocks", in: 1...8)
            }
            for (flag, weight) in [("--adversarial", adversarial), ("--fine-structure", fineStructure)] {
                guard let weight else { continue }
                guard decoderOf != nil || training.resume else { throw ValidationError("\(flag) trains the decoder of --decoder-of DIR; give that too") }
                guard weight.isFinite, weight >= 0, weight <= 100 else { throw ValidationError("\(flag) must be between 0 and 100") }
            }
            _ = try codecConfig()
        }

        /// The configuration the flags ask for; the codec sizes are checked by CodecSizes.
        func codecConfig() throws -> ModelConfiguration {
            var config = ModelConfiguration()
            do {
                if let channels { config.codec.channels = try CodecSizes.parseChannels(channels) }
                if let resBlocks { config.codec.resBlocksPerStage = resBlocks }
                if let latentChannels { config.codec.latentChannels = latentChannels }
                try CodecSizes.check(config)
            } catch let e as CodecSizes.Failure {
                throw ValidationError(e.description)
            }
            return config
        }

        func run() throws {
            try reportingErrors {
                StopSignal.shared.install()
                var config = try codecConfig()
                var start: LatentCodec?
                if let decoderOf {
                    let (c, codec, what) = try CodecFolder.load(URL(fileURLWithPath: decoderOf))
                    print("codec: training the decoder of \(what); its encoder stays frozen")
                    start = codec
                    if let n = decoderResBlocks {
                        guard n >= c.codec.decoderResBlocks else {
                            throw ValidationError("--decoder-res-blocks \(n): the decoder of \(decoderOf) already has \(c.codec.decoderResBlocks) per stage; it can only grow")
                        }
                        start = codec.growingDecoder(to: n)
                        print("codec: decoder grown to \(n) residual blocks per stage, the new ones starting as the identity")
                    }
                    config = start!.config
                }
                let folder = try training.folder()
                let saved = folder.appendingPathComponent("config.json")
                let resumingDecoderOnly = training.resume && CodecPretraining.isDecoderOnly(folder)
                if training.resume, start != nil, !resumingDecoderOnly, FileManager.default.fileExists(atPath: saved.path) {
                    throw ValidationError("the run in \(folder.path) trains the whole codec; resume it without --decoder-of")
                }
                if training.resume, let previous = try? ModelConfiguration.load(saved) {
                    // A resumed run keeps the shapes it started with; other flags would not fit its weights.
                    guard channels == nil || previous.codec.channels == config.codec.channels,
                          resBlocks == nil || previous.codec.resBlocksPerStage == config.codec.resBlocksPerStage,
                          latentChannels == nil || previous.codec.latentChannels == config.codec.latentChannels else {
                        throw ValidationError("the run in \(folder.path) has channels \(previous.codec.channels), \(previous.codec.resBlocksPerStage) res blocks per stage, \(previous.codec.latentChannels) latent channels; resume with the same sizes or start a new --run")
                    }
                    guard decoderResBlocks == nil || previous.codec.decoderResBlocks == decoderResBlocks else {
                        throw ValidationError("the run in \(folder.path) has \(previous.codec.decoderResBlocks) decoder blocks per stage; resume it without --decoder-res-blocks")
                    }
                    config = previous
                    if start == nil && !resumingDecoderOnly { config.codec.latentScale = 1 }
                }
                if resumingDecoderOnly {
                    let started = CodecPretraining.decoderLoss(of: folder)
                    if let adversarial, adversarial != started.adversarial {
                        throw ValidationError("the run in \(folder.path) was started with --adversarial \(started.adversarial); resume it without --adversarial or with that weight")
                    }
                    if let fineStructure, fineStructure != started.fineStructure {
                        throw ValidationError("the run in \(folder.path) was started with --fine-structure \(started.fineStructure); resume it without --fine-structure or with that weight")
                    }
                }
                let decoderOnly = start != nil || resumingDecoderOnly
                if !decoderOnly, (adversarial ?? 0) + (fineStructure ?? 0) > 0 {
                    throw ValidationError("--adversarial and --fine-structure train a decoder alone: give --decoder-of DIR, or resume a decoder-only run (\(folder.path) holds none)")
                }
                if resumingDecoderOnly {
                    // Its checkpoint holds the whole codec, grown decoder included; its folder says the encoder is frozen.
                    print("codec: resuming a decoder-only run; its encoder stays frozen")
                    start = nil
                }
                let sources = try corpora.sources()
                print("codec: channels \(config.codec.channels), \(config.codec.resBlocksPerStage) res blocks per stage, \(LatentCodec(config).parameterCount) parameters")
                let mels = try MultiCorpus.load(sources, spectrogram: config.spectrogram) { print($0) }
                for (s, share) in zip(mels.sources, mels.shares) { print(String(format: "  %@: %.1f %% of crops", s.name, 100 * share)) }
                try training.make(folder)
                var options = training.options
                options.frames = frames
                var stage = CodecPretraining(config: config, options: options)
                stage.decoderOf = start
                stage.decoderLoss = .init(adversarial: adversarial ?? 0, fineStructure: fineStructure ?? 0)
                let (outcome, codec) = try stage.run(mels: mels, folder: folder, resume: training.resume, onLog: { e in
                    print(String(format: "step %6d  L1 %.4f  lr %.2e  %.0f s", e.step, e.loss, e.lr, e.seconds))
                }, onCritic: { _, critic, fooled in
                    print(String(format: "             critic %.3f  decoder's adversarial %.3f", critic, fooled))
                })
                guard try PretrainInputs.describe(outcome) else { return }
                let (l1, std) = CodecPretraining.evaluate(codec, mels: mels, frames: 256, count: 256, silence: stage.silence)
                var final = config
                // A frozen encoder keeps its scale: the denoiser's latents were normalised by it.
                if !decoderOnly { final.codec.latentScale = Float(1 / std) }
                try AtomicFile.write(try final.encoded(), to: saved)
                try codec.save(to: folder.appendingPathComponent("codec.safetensors"), metadata: ["l1": String(l1), "latent_std": String(std)])
                print(String(format: "codec: reconstruction L1 %.4f (normalised log-mel), latent std %.3f → scale %.3f", l1, std, final.codec.latentScale)
                      + (decoderOnly ? " (the frozen encoder's, kept)" : ""))
            }
        }
    }
}
