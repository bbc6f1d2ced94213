import ArgumentParser
import Engine
import Foundation
import Model
import Pretraining
import SpectrogramSettings
import Training

extension DreamStyler {
    struct PretrainVocoder: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vocoder",
            abstract: "Train the learned vocoder (mel → waveform, ConvNeXt + iSTFT head) on one or more corpora.",
            discussion: """
            Each step takes waveform crops, computes their normalised log-mel (the product's analysis), \
            vocodes them and minimises log-mel L1 + multi-resolution STFT loss (spectral convergence \
            and log-magnitude L1 at n_fft 512/1024/2048). Writes vocoder.safetensors and vocoder.json \
            into the run folder; copy both into a base model folder to make it the default vocoder.

            --corpus DIR[:WEIGHT] may be repeated, as for `pretrain codec`. Each source keeps a seeded \
            subset of its clips up to --hours-per-source, decoded once and held as int16; the decoded audio \
            is kept in RUN/audio-cache so a resumed run starts without decoding again.

            Example (see Scripts/pretrain-vocoder):
              dreamstyler pretrain vocoder --corpus corpus/generator:1 --corpus corpus/real/train:2 \\
                --corpus corpus/gm:2 --run pretrain/vocoder
            """)

        @OptionGroup var corpora: CorpusMixOptions
        @OptionGroup var training: StageRunOptions<VocoderPretraining.Options>

        @Option(parsing: .unconditional, help: "Backbone width (channels).")
        var channels = 256

        @Option(parsing: .unconditional, help: "ConvNeXt blocks.")
        var blocks = 8

        @Option(parsing: .unconditional, help: "Inner width of each block as a multiple of the channels.")
        var expansion = 3

        @Option(parsing: .unconditional, help: "Crop length in samples (a multiple of the hop, 256).")
        var samples = VocoderPretraining.Options().samples

        @Option(parsing: .unconditional, help: "Hours of audio kept in memory per source (int16: 0.115 GB per hour).")
        var hoursPerSource = 8.0

        @Option(help: ArgumentHelp("Fine-tune: start from this vocoder (a base model folder or a vocoder run); its sizes replace --channels/--blocks/--expansion.", valueName: "dir"))
        var from: String?

        @Option(help: ArgumentHelp("Train on mels after this codec's round trip (a base model folder or a codec run), as generated music reaches the vocoder; --samples must then give a frame count (samples/256 + 1) that is a multiple of 4, e.g. 16128.", valueName: "dir"))
        var codec: String?

        func validate() throws {
            try InputChecks.real(hoursPerSource, "--hours-per-source", in: 0.01...100)
            let hop = VocoderConfiguration().spectrogram.hop
            guard samples >= 4 * hop, samples % hop == 0, samples <= 1 << 20 else {
                throw ValidationError("--samples must be a multiple of \(hop) from \(4 * hop) to \(1 << 20)")
            }
            _ = try vocoderConfig()
        }

        func vocoderConfig() throws -> VocoderConfiguration {
            var c = VocoderConfiguration()
            c.channels = channels; c.blocks = blocks; c.expansion = expansion
            do { try c.check() } catch let e as VocoderConfiguration.Failure { throw ValidationError(e.description) }
            return c
        }

        func run() throws {
            try reportingErrors {
                StopSignal.shared.install()
                // Corpus folders are checked before anything is written.
                let sources = try corpora.sources()
                let folder = try training.folder()
                var config = try vocoderConfig()
                let start = try from.map { try VocoderFolder.load(URL(fileURLWithPath: $0)).0 }
                if let start { config = start.config }
                let roundTrip = try codec.map { try PretrainInputs.codec(URL(fileURLWithPath: $0)).1 }
                if let roundTrip, (samples / config.spectrogram.hop + 1) % roundTrip.frameMultiple != 0 {
                    throw ValidationError("--samples \(samples) gives \(samples / config.spectrogram.hop + 1) mel frames; with --codec they must be a multiple of \(roundTrip.frameMultiple) (e.g. --samples 16128)")
                }
                if training.resume, let previous = try? VocoderConfiguration.load(folder.appendingPathComponent(MelVocoder.configFile)) {
                    // A resumed run keeps the shapes it started with; other sizes would not fit its weights.
                    guard previous == config else {
                        throw ValidationError("the run in \(folder.path) has \(previous.blocks) blocks × \(previous.channels) channels, expansion \(previous.expansion); resume with the same sizes or start a new --run")
                    }
                    config = previous
                }
                try training.make(folder)
                print("vocoder: \(config.blocks) blocks × \(config.channels) channels, expansion \(config.expansion), \(MelVocoder(config).parameterCount) parameters")
                let audio: WeightedAudio
                do {
                    audio = try MultiCorpusAudio.load(sources, sampleRate: config.spectrogram.sampleRate, hoursPerSource: hoursPerSource,
                                                      seed: training.seed, cache: folder.appendingPathComponent("audio-cache")) { print($0) }
                } catch let stopped as MultiCorpusAudio.Stopped {
                    print(stopped.description)
                    throw ExitCode(StopSignal.shared.exitStatus)
                }
                for (s, share) in zip(audio.sources, audio.shares) { print(String(format: "  %@: %.1f %% of crops", s.name, 100 * share)) }
                var options = training.options
                options.samples = samples
                let stage = VocoderPretraining(config: config, options: options)
                let (outcome, vocoder) = try stage.run(audio: audio, folder: folder, resume: training.resume, start: start, codec: roundTrip) { p in
                    print(String(format: "step %6d  loss %.4f  mel L1 %.3f  MR-STFT %.3f  SC %.3f  lr %.2e  %.0f s",
                                 p.entry.step, p.entry.loss, p.parts.melL1, p.parts.multiResolution, p.parts.spectralConvergence, p.entry.lr, p.entry.seconds))
                }
                guard try PretrainInputs.describe(outcome) else { return }
                try vocoder.save(folder: folder, metadata: ["steps": String(training.steps), "seed": String(training.seed)])
                print("wrote \(folder.appendingPathComponent(MelVocoder.weightsFile).path)")
            }
        }
    }
}
