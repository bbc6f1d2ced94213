import Audio
import Engine
import Foundation
import Model
import Training

/// Stage 1 of pretraining: the latent codec, trained to reconstruct normalised
/// log-mel crops (L1), then its latent scale measured so latents have unit variance.
public struct CodecPretraining {
    public struct Options: Codable, Sendable {
        public var steps = 4000
        public var batch = 32
        /// Crop length in mel frames (256 = 4.1 s).
        public var frames = 256
        public var learningRate: Float = 1e-3
        public var checkpointEvery = 500
        public var seed: UInt64 = 1
        public init() {}
    }

    public var config: ModelConfiguration
    public var options: Options
    /// A decoder-only run starts from this codec and trains its decoder alone: the encoder, and with
    /// it the latent space the denoiser and every concept delta were trained on, stays as it is.
    public var decoderOf: LatentCodec?

    /// A decoder-only run leaves this file in its folder, so a resume keeps the encoder frozen
    /// (and the latent scale as it was) without being told `--decoder-of` again.
    public static let decoderOnlyMarker = "decoder-only.json"

    public static func isDecoderOnly(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(decoderOnlyMarker).path)
    }

    public init(config: ModelConfiguration, options: Options) {
        self.config = config
        self.options = options
    }

    /// The normalised value of the clamped floor: what silence looks like to the model.
    public var silence: Float { config.spectrogram.normalizedSilence }

    public func run(mels: some MelCropSource, folder: URL, resume: Bool, stop: StopSignal = .shared,
                    onLog: (LossLog.Entry) -> Void = { _ in }) throws -> (TrainingLoop.Outcome, LatentCodec) {
        // A resumed decoder-only run needs no starting codec: its checkpoint holds the frozen encoder.
        let frozenEncoder = decoderOf != nil || (resume && Self.isDecoderOnly(folder))
        let codec = decoderOf ?? LatentCodec(config, seed: options.seed)
        if frozenEncoder {
            codec.trainAll()
            codec.encoder.freezeAll()
        }
        // The shapes go beside the checkpoints from the start, so a run still in
        // progress can be loaded (codec-report) and a resume can check them.
        try AtomicFile.write(try config.encoded(), to: folder.appendingPathComponent("config.json"))
        if frozenEncoder {
            try AtomicFile.write(Data(#"{"frozen": "encoder"}"#.utf8), to: folder.appendingPathComponent(Self.decoderOnlyMarker))
        }
        let trained = codec.namedParameters().filter { !frozenEncoder || $0.name.hasPrefix("decoder.") }
        let opt = AdamW(groups: [.init("codec", learningRate: options.learningRate, weightDecay: 0.01, parameters: trained)],
                        beta1: 0.9, beta2: 0.99)
        var loopOptions = TrainingLoop.Options(steps: options.steps, checkpointEvery: options.checkpointEvery,
                                               schedule: LearningRateSchedule(peak: options.learningRate, warmupSteps: 200, totalSteps: options.steps),
                                               seed: options.seed)
        loopOptions.logEvery = 20
        let loop = try TrainingLoop(module: codec, optimizer: opt, ema: nil, options: loopOptions, folder: folder, resume: resume)
        let silence = self.silence
        let outcome = try loop.run(stop: stop, { _, rng in
            let (x, _) = mels.randomCrops(options.batch, frames: options.frames, rng: &rng, silence: silence)
            let z = frozenEncoder ? noGrad { codec.encoder(x) } : codec.encoder(x)
            let loss = Tensor.l1(codec.decoder(z), x)
            loss.backward()
            return loss.item()
        }, onLog: onLog)
        try loop.log.plot(to: folder.appendingPathComponent("loss.png"))
        return (outcome, codec)
    }

    /// Reconstruction L1 and the standard deviation of the latents over `count` seeded crops.
    public static func evaluate(_ codec: LatentCodec, mels: some MelCropSource, frames: Int, count: Int, silence: Float) -> (l1: Double, latentStd: Double) {
        var rng = SeededGenerator(seed: 12_345)
        var l1 = 0.0, sum = 0.0, sq = 0.0, n = 0.0
        noGrad {
            for _ in 0..<max(1, count / 16) {
                let (x, _) = mels.randomCrops(16, frames: frames, rng: &rng, silence: silence)
                let z = codec.encoder(x)
                l1 += Double(Tensor.l1(codec.decoder(z), x).item())
                for v in z.toArray() { sum += Double(v); sq += Double(v) * Double(v); n += 1 }
            }
        }
        let mean = sum / n
        return (l1 / Double(max(1, count / 16)), (sq / n - mean * mean).squareRoot())
    }
}
