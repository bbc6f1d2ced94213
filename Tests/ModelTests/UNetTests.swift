import Engine
import EngineTestSupport
import Model
import Testing

@Suite struct UNetTests {
    @Test func defaultDenoiserFitsTheComputeBudget() {
        let config = ModelConfiguration()
        let unet = UNet1D(config)
        var rng = SeededGenerator(seed: 1)
        let x = Tensor.randn([1, 64, 32], using: &rng), ctx = Tensor.randn([1, 24, 384], using: &rng)
        let (y, flops) = FlopCounter.measure { noGrad { unet(x, timesteps: [500], context: ctx, contextMask: nil) } }
        #expect(y.shape == [1, 64, 32])
        print("denoiser: \(unet.parameterCount) parameters, \(Double(flops) / 1e9) GFLOP per 4.1-s clip")
        #expect(flops <= 500_000_000, "the design's budget: at most 0.5 GFLOP per 64-frame clip")
        let names = unet.namedParameters().map(\.name)
        #expect(names.contains("down.2.attn.0.attn1.to_v.weight") && names.contains("mid.attn.0.attn2.to_k.weight"))
        #expect(names.contains("up.0.attn.2.attn2.to_v.weight"))
    }
}
