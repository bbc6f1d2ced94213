import Diffusion
import Engine
import Foundation
import Model
import Training

/// Stage 2 of pretraining: the U-Net denoiser, ε-prediction on codec latents of
/// corpus crops, conditioned on their captions (10 % replaced by the empty prompt
/// for classifier-free guidance), with EMA weights for sampling.
public struct DenoiserPretraining {
    public struct Options: Codable, Sendable {
        public var steps = 20_000
        public var batch = 32
        /// Crop length in latent frames (64 = 4.1 s).
        public var frames = 64
        public var learningRate: Float = 3e-4
        public var warmup = 500
        public var emaDecay: Float = 0.999
        public var checkpointEvery = 500
        public var seed: UInt64 = 2
        public init() {}
    }

    public var config: ModelConfiguration
    public var options: Options

    public init(config: ModelConfiguration, options: Options) {
        self.config = config
        self.options = options
    }

    /// `text` holds one row per distinct caption of `corpus`, in its order.
    public func run(corpus: DenoiserCorpus, text: TextFeatures, folder: URL, resume: Bool,
                    onLog: (LossLog.Entry) -> Void = { _ in }) throws -> (TrainingLoop.Outcome, UNet1D, EMA) {
        let unet = UNet1D(config, seed: options.seed)
        let opt = AdamW(groups: [.init("unet", learningRate: options.learningRate, weightDecay: 0.01, parameters: unet.namedParameters())],
                        beta1: 0.9, beta2: 0.99)
        let ema = EMA(unet, decay: options.emaDecay)
        var loopOptions = TrainingLoop.Options(steps: options.steps, checkpointEvery: options.checkpointEvery,
                                               schedule: LearningRateSchedule(peak: options.learningRate, warmupSteps: options.warmup, totalSteps: options.steps),
                                               seed: options.seed)
        loopOptions.logEvery = 20
        let loop = try TrainingLoop(module: unet, optimizer: opt, ema: ema, options: loopOptions, folder: folder, resume: resume)
        let schedule = NoiseSchedule(timesteps: config.diffusion.timesteps, kind: config.diffusion.schedule,
                                     betaStart: config.diffusion.betaStart, betaEnd: config.diffusion.betaEnd)
        let dropout = config.diffusion.unconditionalRate
        let outcome = try loop.run({ _, rng in
            // Silence in latent space is whatever the codec makes of it; crops are cut inside clips.
            let (x0, captions) = corpus.randomCrops(options.batch, frames: options.frames, rng: &rng)
            let rows = captions.map { rng.nextDouble() < dropout ? text.emptyIndex : $0 }
            let (ctx, mask) = text.gather(rows)
            let noise = Tensor.randn(x0.shape, using: &rng)
            let t = (0..<options.batch).map { _ in Int(rng.next() % UInt64(schedule.timesteps)) }
            let xt = schedule.addNoise(x0, noise: noise, timesteps: t)
            let loss = Tensor.mse(unet(xt, timesteps: t.map(Float.init), context: ctx, contextMask: mask), noise)
            loss.backward()
            return loss.item()
        }, onLog: onLog)
        try loop.log.plot(to: folder.appendingPathComponent("loss.png"))
        return (outcome, unet, ema)
    }
}
