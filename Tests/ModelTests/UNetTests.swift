import Engine
import Foundation
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

@Suite struct CodecTests {
    @Test func codecShapesAndOverfitsAClip() {
        var cfg = ModelConfiguration()
        cfg.codec.channels = [32, 32]
        cfg.codec.latentChannels = 8
        cfg.codec.groups = 8
        let codec = LatentCodec(cfg, seed: 1)
        // A smooth, mel-like target: a few moving bands.
        let mel = Tensor.zeros([2, 32, 80])
        for b in 0..<2 { for t in 0..<32 { for m in 0..<80 {
            let phase: Double = Double(m) * 0.2 + Double(t) * 0.1 * Double(b + 1)
            mel[b, t, m] = Float(sin(phase)) * 0.5
        } } }
        let z = codec.encode(mel)
        #expect(z.shape == [2, 8, 8])
        #expect(codec.decode(z).shape == [2, 32, 80])
        let opt = AdamW(groups: [.init("codec", learningRate: 3e-3, weightDecay: 0, parameters: codec.namedParameters())])
        var first: Float = 0, last: Float = 0
        for i in 0..<120 {
            opt.zeroGrad()
            let loss = Tensor.l1(codec.decode(codec.encode(mel)), mel)
            if i == 0 { first = loss.item() }
            last = loss.item()
            loss.backward()
            opt.update()
        }
        #expect(last < first / 4, "L1 \(first) → \(last)")
    }
}

@Suite struct EvaluatorTests {
    @Test func contrastiveTrainingAlignsMatchingPairs() {
        var cfg = ModelConfiguration()
        cfg.text.hiddenSize = 16
        var settings = Evaluator.Settings()
        settings.channels = [16, 16, 16]
        settings.embedding = 16
        settings.groups = 4
        let ev = Evaluator(cfg, settings: settings, seed: 1)
        var rng = SeededGenerator(seed: 2)
        // Eight "classes": each has a mel pattern and a text vector.
        let n = 8
        let mel = Tensor.zeros([n, 16, 80])
        for c in 0..<n { for t in 0..<16 { for m in 0..<80 { mel[c, t, m] = m / 10 == c ? 1 : -1 } } }
        let text = Tensor.randn([n, 16], using: &rng)
        let opt = AdamW(groups: [.init("ev", learningRate: 3e-3, weightDecay: 0, parameters: ev.namedParameters())])
        for _ in 0..<150 {
            opt.zeroGrad()
            let loss = ev.contrastiveLoss(audio: ev.embedAudio(mel), text: ev.embedText(text))
            loss.backward()
            opt.update()
            ev.clampScale()
        }
        let sims = noGrad { Tensor.matmul(ev.embedAudio(mel), ev.embedText(text), transposeB: true) }
        var correct = 0
        for i in 0..<n {
            let row = (0..<n).map { sims[i, $0] }
            if row.firstIndex(of: row.max()!) == i { correct += 1 }
        }
        #expect(correct == n, "audio→text recall@1 \(correct)/\(n)")
        let e = noGrad { ev.embedAudio(mel) }
        for i in 0..<n { #expect(abs((0..<16).map { e[i, $0] * e[i, $0] }.reduce(0, +) - 1) < 1e-4, "unit length") }
    }
}

@Suite struct ConfigurationTests {
    @Test func configurationRoundTripsThroughItsFile() throws {
        var c = ModelConfiguration()
        c.codec.latentScale = 1.75
        c.denoiser.channels = [64, 96]
        let url = Fixtures.temporaryFolder("config").appendingPathComponent("config.json")
        try c.encoded().write(to: url)
        #expect(try ModelConfiguration.load(url) == c)
        #expect(String(decoding: try c.encoded(), as: UTF8.self).contains("\"n_fft\" : 1024"))
    }
}
