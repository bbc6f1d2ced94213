import Engine
import EngineTestSupport
import NN
import Testing

/// Selection by name, freezing, entry-masked training and mask multipliers.
@Suite struct ParameterTests {
    final class Tiny: Module {
        let blocks: ModuleList<TransformerBlock>
        let out: Linear
        init(rng: inout SeededGenerator) {
            blocks = ModuleList([TransformerBlock(channels: 8, contextChannels: 6, heads: 2, feedForward: 16, rng: &rng),
                                 TransformerBlock(channels: 8, contextChannels: 6, heads: 2, feedForward: 16, rng: &rng)])
            out = Linear(8, 8, rng: &rng)
            super.init()
            register("blocks", blocks)
            register("out", out)
        }
        func callAsFunction(_ x: Tensor, _ ctx: Tensor) -> Tensor {
            var h = x
            for b in blocks.items { h = b(h, context: ctx) }
            return out(h)
        }
    }

    func fixtures(seed: UInt64 = 1) -> (Tiny, Tensor, Tensor, Tensor) {
        var rng = SeededGenerator(seed: seed)
        let m = Tiny(rng: &rng)
        let x = Tensor.randn([2, 5, 8], using: &rng), ctx = Tensor.randn([2, 3, 6], using: &rng), target = Tensor.randn([2, 5, 8], using: &rng)
        return (m, x, ctx, target)
    }

    @Test func parametersHaveDottedNames() {
        let (m, _, _, _) = fixtures()
        let names = m.namedParameters().map(\.name)
        for n in ["blocks.0.attn1.to_q.weight", "blocks.0.attn1.to_v.weight", "blocks.1.attn2.to_k.weight",
                  "blocks.1.attn2.to_out.bias", "blocks.0.ff.proj_in.weight", "blocks.0.norm1.weight", "out.bias"] {
            #expect(names.contains(n), "\(n)")
        }
        #expect(!names.contains("blocks.0.attn1.to_q.bias"), "attention projections have no bias")
        #expect(Set(names).count == names.count)
        #expect(m.parameter("blocks.1.attn1.to_v.weight")!.shape == [8, 8])
        #expect(m.parameter("blocks.1.attn2.to_v.weight")!.shape == [8, 6])
        #expect(m.parameter("nope") == nil)
    }

    @Test func frozenEntriesStayBitIdenticalUnderAdamW() {
        let (m, x, ctx, target) = fixtures()
        m.freezeAll()
        let name = "blocks.0.attn1.to_v.weight"
        let w = m.parameter(name)!
        let mask = Tensor((0..<64).map { Float($0 % 7 == 0 ? 1 : 0) }, shape: [8, 8])
        w.trainOnly(where: mask)
        m.setMode(.full) { $0.hasSuffix("attn2.to_k.weight") }
        let frozenOther = m.parameter("blocks.1.ff.proj_in.weight")!.value.toArray()
        let before = w.value.toArray()
        // Large weight decay and learning rate: any leak into frozen entries would show.
        let opt = AdamW(groups: [.init("unet", learningRate: 0.05, weightDecay: 0.5, parameters: m.namedParameters())])
        #expect(opt.trainableCount == 10 + 2 * 48)
        for _ in 0..<25 {
            opt.zeroGrad()
            Tensor.mse(m(x, ctx), target).backward()
            opt.clipGradientNorm(1)
            opt.update()
        }
        let after = w.value.toArray()
        for i in 0..<64 {
            if mask.data[i] == 0 { #expect(after[i].bitPattern == before[i].bitPattern, "frozen entry \(i) changed") }
            else { #expect(after[i] != before[i], "trained entry \(i) did not move") }
        }
        #expect(m.parameter("blocks.1.ff.proj_in.weight")!.value.toArray() == frozenOther)
        #expect(m.parameter("blocks.1.ff.proj_in.weight")!.value.grad == nil, "frozen weights get no gradient")
    }

    @Test func multiplierTrainsTheMaskNotTheWeight() {
        let (m, x, ctx, target) = fixtures()
        m.freezeAll()
        let selfV = m.namedParameters().filter { $0.name.hasSuffix("attn1.to_v.weight") }
        #expect(selfV.count == 2)
        let weights = selfV.map { $0.parameter.value.toArray() }
        let masks = selfV.map { $0.parameter.attachMultiplier() }
        // The gradient of the mask is W ⊙ ∂L/∂(W⊙M); check it against finite differences.
        let check = GradientCheck().run(masks) { m(x, ctx) }
        #expect(check.passed, "\(check)")
        let opt = AdamW(groups: [.init("mask", learningRate: 0.01, weightDecay: 0, parameters: selfV)])
        #expect(opt.trainedNames == selfV.map { $0.name + ".multiplier" })
        let first = noGrad { Tensor.mse(m(x, ctx), target).item() }
        for _ in 0..<30 {
            opt.zeroGrad()
            Tensor.mse(m(x, ctx), target).backward()
            opt.update()
        }
        let last = noGrad { Tensor.mse(m(x, ctx), target).item() }
        #expect(last < first)
        for (i, p) in selfV.enumerated() {
            #expect(p.parameter.value.toArray() == weights[i], "the weight under a multiplier is frozen")
            #expect(masks[i].toArray().contains { $0 != 1 }, "the mask moved")
        }
        let removed = selfV[0].parameter.detachMultiplier()
        #expect(removed === masks[0] && selfV[0].parameter.multiplier == nil)
    }
}
