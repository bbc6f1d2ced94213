import Diffusion
import Engine
import Foundation
import Model

/// `dreamstyler bench model`: the default denoiser's training step, a
/// DreamStyler-style tuning step, generation time, and peak memory.
public struct ModelBenchmark {
    public struct Report: Codable, Sendable {
        public var parameters: Int
        public var forwardGFLOPPerClip: Double
        public var batch: Int
        public var latentFrames: Int
        public var peakGFLOPS: Double
        public var fullStepSeconds: Double
        public var fullStepGFLOPS: Double
        public var fullStepFractionOfPeak: Double
        public var tuningStepSeconds: Double
        public var tuningStepGFLOPS: Double
        public var tuningStepFractionOfPeak: Double
        /// The tuning step of the product's default recipe: the mask over every weight but the
        /// cross-attention K/V (5 % of each weight's entries here), K/V whole. Every weight then needs
        /// its gradient, so it costs about what the full step does; nil in reports made before it.
        public var defaultTuningStepSeconds: Double?
        public var defaultTuningStepGFLOPS: Double?
        public var generateSeconds: Double
        public var generateAudioSeconds: Double
        public var generateSteps: Int
        public var peakMemoryMB: Int
        /// The real DreamStyler tuning step (text encoder, AdamW, clipping), when a text encoder was given.
        public var dreamStylerStepSeconds: Double?
    }

    public var batch = 32
    public var repeats = 5
    public var config = ModelConfiguration()

    public init(batch: Int = 32, repeats: Int = 5) {
        self.batch = batch
        self.repeats = repeats
    }

    public func run() -> Report {
        let peak = EngineBenchmark(repeats: 4).measurePeak().gflops
        let unet = UNet1D(config, seed: 1)
        var rng = SeededGenerator(seed: 2)
        // The design's 4.1-s clip: 64 latent frames = 256 mel frames = 4.096 s.
        let frames = 64
        let x = Tensor.randn([batch, frames, config.codec.latentChannels], using: &rng)
        let ctx = Tensor.randn([batch, 24, config.text.hiddenSize], using: &rng)
        let noise = Tensor.randn(x.shape, using: &rng)
        let steps = (0..<batch).map { Float(($0 * 37) % 1000) }
        let (_, fwd) = FlopCounter.measure { noGrad { _ = unet(x.narrow(axis: 0, start: 0, length: 1), timesteps: [1], context: ctx.narrow(axis: 0, start: 0, length: 1), contextMask: nil) } }

        func step() -> Int {
            let (_, f) = FlopCounter.measure {
                for (_, p) in unet.namedParameters() { p.value.grad?.fill(0) }
                Tensor.mse(unet(x, timesteps: steps, context: ctx, contextMask: nil), noise).backward()
            }
            return f
        }
        unet.trainAll()
        var flops = step()
        let full = Stopwatch.median(warmup: 1, repeats: repeats) { flops = step() }
        let fullRate = Double(flops) / full / 1e9

        // DreamStyler tunes cross-attention K/V and a few self-attention V entries; gradients
        // still flow through the whole network to reach the text tokens.
        unet.freezeAll()
        unet.setMode(.full) { $0.contains("attn2.to_k") || $0.contains("attn2.to_v") }
        unet.setMode(.entries(Array(stride(from: 0, to: 192 * 192, by: 20)))) { $0.contains("attn1.to_v.weight") }
        ctx.requiresGrad = true
        var tflops = step()
        let tune = Stopwatch.median(warmup: 1, repeats: repeats) { tflops = step(); ctx.grad = nil }
        let tuneRate = Double(tflops) / tune / 1e9

        // The default recipe's scope (`MaskScope.allWeights` in Method): every weight matrix and kernel.
        unet.freezeAll()
        unet.setMode(.full) { $0.contains("attn2.to_k") || $0.contains("attn2.to_v") }
        for (name, p) in unet.namedParameters() where p.value.shape.count >= 2 && name.hasSuffix("weight") && p.mode == .frozen {
            p.setMode(.entries(Array(stride(from: 0, to: p.value.count, by: 20))))
        }
        var dflops = step()
        let defaultTune = Stopwatch.median(warmup: 1, repeats: repeats) { dflops = step(); ctx.grad = nil }
        ctx.requiresGrad = false

        // 10 s of audio: 50 DDIM steps with classifier-free guidance (a batch of two per step).
        let genFrames = config.latentFrames(seconds: 10)
        let c1 = ctx.narrow(axis: 0, start: 0, length: 2)
        let schedule = NoiseSchedule()
        let gen = Stopwatch.median(warmup: 0, repeats: 1) {
            _ = Sampler(kind: .ddim, schedule: schedule, steps: 50, shape: [1, genFrames, config.codec.latentChannels], seed: 1) { xt, t in
                Guidance.guided(xt, scale: 7) { both in unet(both, timesteps: [Float(t), Float(t)], context: c1, contextMask: nil) }
            }.run()
        }
        return Report(parameters: unet.parameterCount, forwardGFLOPPerClip: Double(fwd) / 1e9, batch: batch, latentFrames: frames,
                      peakGFLOPS: peak, fullStepSeconds: full, fullStepGFLOPS: fullRate, fullStepFractionOfPeak: fullRate / peak,
                      tuningStepSeconds: tune, tuningStepGFLOPS: tuneRate, tuningStepFractionOfPeak: tuneRate / peak,
                      defaultTuningStepSeconds: defaultTune, defaultTuningStepGFLOPS: Double(dflops) / defaultTune / 1e9,
                      generateSeconds: gen, generateAudioSeconds: 10, generateSteps: 50, peakMemoryMB: ProcessMemory.peakResidentMB())
    }
}
