import Diffusion
import Engine
import EngineTestSupport
import Model
import Training
import Testing

@Suite struct DiffusionTests {
    let schedule = NoiseSchedule()

    @Test func scheduleIsMonotoneAndStepsSpanIt() {
        let a = schedule.alphasCumprod
        #expect(a.count == 1000 && zip(a, a.dropFirst()).allSatisfy { $0 > $1 } && a.last! > 0 && a.first! < 1)
        let steps = schedule.samplingSteps(50)
        #expect(steps.count == 50 && steps.first == 999 && steps.last! <= 20 && Set(steps).count == 50)
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0 > $1 })
        let cosine = NoiseSchedule(kind: "cosine")
        #expect(cosine.alphasCumprod.last! < 1e-3)
    }

    /// With an oracle that knows x₀, every sampler must land exactly on x₀.
    @Test func everySamplerRecoversTheCleanLatentFromAnOracle() {
        var rng = SeededGenerator(seed: 1)
        let x0 = Tensor.randn([2, 8, 4], using: &rng)
        let oracle: (Tensor, Int) -> Tensor = { x, t in
            let a = Float(schedule.alphaBar(t))
            return (x - x0 * a.squareRoot()) * (1 / (1 - a).squareRoot())
        }
        for kind in SamplerKind.allCases {
            for steps in [1, 10, 50] {
                let out = Sampler(kind: kind, schedule: schedule, steps: steps, shape: x0.shape, seed: 3, predictNoise: oracle).run()
                #expect(maxAbsDifference(out.toArray(), x0.toArray()) < 1e-3, "\(kind) \(steps) steps")
            }
        }
    }

    @Test func samplingIsDeterministicForASeedAndYieldsEveryStep() {
        let model: (Tensor, Int) -> Tensor = { x, t in x * (Float(t) / 2000) }
        for kind in SamplerKind.allCases {
            let a = Sampler(kind: kind, schedule: schedule, steps: 20, shape: [1, 8, 4], seed: 9, predictNoise: model)
            let b = Sampler(kind: kind, schedule: schedule, steps: 20, shape: [1, 8, 4], seed: 9, predictNoise: model)
            let c = Sampler(kind: kind, schedule: schedule, steps: 20, shape: [1, 8, 4], seed: 10, predictNoise: model)
            #expect(a.run().toArray() == b.run().toArray())
            #expect(a.run().toArray() != c.run().toArray())
            let seen = Array(a).map(\.index)
            #expect(seen == Array(0..<20))
        }
    }

    @Test func guidanceCombinesConditionalAndUnconditional() {
        let x = Tensor([1, 2, 3, 4], shape: [2, 2])
        // A fake model whose conditional half adds 1 and unconditional half adds 0.
        let model: (Tensor) -> Tensor = { both in
            let b = both.shape[0] / 2
            return Tensor.concat([both.narrow(axis: 0, start: 0, length: b) + 1, both.narrow(axis: 0, start: b, length: b)], axis: 0)
        }
        #expect(Guidance.guided(x, scale: 7, model).toArray() == [8, 9, 10, 11])
        #expect(Guidance.guided(x, scale: 1) { $0 * 2 }.toArray() == [2, 4, 6, 8])
    }

    @Test func emaTracksTheWeights() throws {
        var rng = SeededGenerator(seed: 2)
        let cfg = ModelConfiguration.tiny
        let unet = UNet1D(cfg)
        let ema = EMA(unet, decay: 0.5)
        let w = unet.namedParameters()[0].parameter.value
        let before = w.toArray()
        w.assign(Tensor.randn(w.shape, using: &rng))
        ema.update()
        let expected = zip(before, w.toArray()).map { 0.5 * $0 + 0.5 * $1 }
        #expect(maxAbsDifference(ema.shadow[0].tensor.toArray(), expected) < 1e-6)
    }

    @Test func tinyDenoiserOverfitsOneClip() {
        let cfg = ModelConfiguration.tiny
        let unet = UNet1D(cfg, seed: 4)
        var rng = SeededGenerator(seed: 5)
        let x0 = Tensor.randn([1, 16, cfg.codec.latentChannels], using: &rng)
        let ctx = Tensor.randn([1, 5, cfg.text.hiddenSize], using: &rng)
        let opt = AdamW(groups: [.init("unet", learningRate: 2e-3, weightDecay: 0, parameters: unet.namedParameters())])
        // Fixed noise draws and steps, so the task is learnable to near zero.
        let batch = 8
        let x0s = Tensor.concat(Array(repeating: x0, count: batch), axis: 0)
        let ctxs = Tensor.concat(Array(repeating: ctx, count: batch), axis: 0)
        let noise = Tensor.randn(x0s.shape, using: &rng)
        let steps = (0..<batch).map { 50 + 110 * $0 }
        let xt = schedule.addNoise(x0s, noise: noise, timesteps: steps)
        var first: Float = 0, last: Float = 0
        for i in 0..<150 {
            opt.zeroGrad()
            let loss = Tensor.mse(unet(xt, timesteps: steps.map(Float.init), context: ctxs, contextMask: nil), noise)
            if i == 0 { first = loss.item() }
            last = loss.item()
            loss.backward()
            opt.clipGradientNorm(1)
            opt.update()
        }
        // Stated factor: the ε-prediction loss falls at least tenfold.
        #expect(last < first / 10, "loss \(first) → \(last)")
    }
}

extension ModelConfiguration {
    /// A small configuration for fast tests: the tiny denoiser beside the default codec (4 latent channels).
    static var tiny: ModelConfiguration {
        var c = ModelConfiguration.tiny(textHiddenSize: 12)
        c.codec = ModelConfiguration().codec
        c.codec.latentChannels = 4
        return c
    }
}
