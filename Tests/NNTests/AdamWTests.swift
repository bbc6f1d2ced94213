import Engine
import EngineTestSupport
import Foundation
import NN
import Testing

@Suite struct AdamWTests {
    /// AdamW as PyTorch defines it, in Double, for comparison.
    struct ReferenceAdamW {
        var m: [Double], v: [Double], t = 0
        let lr: Double, wd: Double, b1: Double, b2: Double, eps: Double
        init(count: Int, lr: Double, wd: Double, b1: Double, b2: Double, eps: Double) {
            m = .init(repeating: 0, count: count); v = m
            self.lr = lr; self.wd = wd; self.b1 = b1; self.b2 = b2; self.eps = eps
        }
        mutating func step(_ p: inout [Double], _ g: [Double]) {
            t += 1
            for i in p.indices {
                p[i] *= 1 - lr * wd
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                let mh = m[i] / (1 - pow(b1, Double(t))), vh = v[i] / (1 - pow(b2, Double(t)))
                p[i] -= lr * mh / (vh.squareRoot() + eps)
            }
        }
    }

    @Test func matchesTheReferenceUpdateWithGroups() {
        var rng = SeededGenerator(seed: 1)
        let a = Parameter(Tensor.randn([40], using: &rng)), b = Parameter(Tensor.randn([3], using: &rng))
        let opt = AdamW(groups: [.init("unet", learningRate: 1e-2, weightDecay: 0.1, parameters: [("a", a)]),
                                 .init("tokens", learningRate: 1e-1, weightDecay: 0, parameters: [("b", b)])],
                        beta1: 0.9, beta2: 0.95, eps: 1e-8)
        var pa = a.value.toArray().map(Double.init), pb = b.value.toArray().map(Double.init)
        var ra = ReferenceAdamW(count: 40, lr: 1e-2, wd: 0.1, b1: 0.9, b2: 0.95, eps: 1e-8)
        var rb = ReferenceAdamW(count: 3, lr: 1e-1, wd: 0, b1: 0.9, b2: 0.95, eps: 1e-8)
        for _ in 0..<6 {
            let ga = Tensor.randn([40], using: &rng), gb = Tensor.randn([3], using: &rng)
            a.value.grad = ga; b.value.grad = gb
            opt.update()
            ra.step(&pa, ga.toArray().map(Double.init))
            rb.step(&pb, gb.toArray().map(Double.init))
        }
        #expect(maxAbsDifference(a.value.toArray(), pa.map(Float.init)) < 1e-5)
        #expect(maxAbsDifference(b.value.toArray(), pb.map(Float.init)) < 1e-5)
        #expect(opt.step == 6)
    }

    @Test func clippingBoundsTheGlobalNorm() {
        let a = Parameter(Tensor.zeros([3])), b = Parameter(Tensor.zeros([2]))
        a.value.grad = Tensor([3, 0, 0], shape: [3]); b.value.grad = Tensor([0, 4], shape: [2])
        let opt = AdamW(groups: [.init("all", learningRate: 1, weightDecay: 0, parameters: [("a", a), ("b", b)])])
        #expect(abs(opt.clipGradientNorm(1) - 5) < 1e-6)
        #expect(abs(opt.gradientNorm() - 1) < 1e-5)
        #expect(abs(opt.clipGradientNorm(10) - 1) < 1e-5, "below the bound nothing changes")
        // Entry-masked parameters count only their trained entries.
        let c = Parameter(Tensor.zeros([4]), mode: .entries([1]))
        c.value.grad = Tensor([100, 2, 100, 100], shape: [4])
        #expect(AdamW(groups: [.init("c", learningRate: 1, weightDecay: 0, parameters: [("c", c)])]).gradientNorm() == 2)
    }

    @Test func savedStateResumesBitIdentically() throws {
        var rng = SeededGenerator(seed: 5)
        func model() -> Linear { var r = SeededGenerator(seed: 9); return Linear(6, 4, rng: &r) }
        let x = Tensor.randn([5, 6], using: &rng), y = Tensor.randn([5, 4], using: &rng)
        func train(_ m: Linear, _ opt: AdamW, steps: Int) {
            for _ in 0..<steps {
                opt.zeroGrad()
                Tensor.mse(m(x), y).backward()
                opt.clipGradientNorm(0.5)
                opt.update()
            }
        }
        func optimizer(_ m: Linear) -> AdamW {
            AdamW(groups: [.init("w", learningRate: 0.05, weightDecay: 0.1, parameters: [("weight", m.weight)]),
                           .init("b", learningRate: 0.01, weightDecay: 0, parameters: [("bias", m.bias!)])],
                  beta1: 0.9, beta2: 0.95)
        }
        let straight = model()
        train(straight, optimizer(straight), steps: 10)

        let first = model(), opt1 = optimizer(first)
        train(first, opt1, steps: 4)
        let dir = Fixtures.temporaryFolder("adamw")
        let (state, step) = opt1.state()
        try first.save(to: dir.appendingPathComponent("model.safetensors"))
        try SafeTensors.write(state, to: dir.appendingPathComponent("optim.safetensors"), metadata: ["step": String(step)])

        let resumed = model()
        try resumed.load(from: dir.appendingPathComponent("model.safetensors"))
        let opt2 = optimizer(resumed)
        let file = try SafeTensors(contentsOf: dir.appendingPathComponent("optim.safetensors"))
        try opt2.restore(tensors: file.allTensors(), step: Int(file.metadata["step"]!)!)
        train(resumed, opt2, steps: 6)
        for ((_, p), (_, q)) in zip(straight.namedParameters(), resumed.namedParameters()) {
            #expect(p.value.toArray() == q.value.toArray())
        }
        #expect(throws: EngineError.self) { try opt2.restore(tensors: [:], step: 1) }
    }
}
