import Diffusion
import Engine
import Foundation
import Model
import Text

/// What `Scripts/bench-pytorch` compares against: a reference forward pass of the
/// shipped denoiser (and of the text encoder) written to disk, and the real
/// DreamStyler tuning step — identifier tokens through the frozen text encoder,
/// masked self-attention V entries, cross-attention K/V, AdamW, clipping.
extension ModelBenchmark {
    /// The instrument prompt templates of a learn (as `PromptTemplates` has them).
    static let templates = ["{}", "music played on {}", "a recording of {}", "a melody on {}", "a solo on {}",
                            "a piece featuring {}", "a song with {}", "{} music"]

    /// Writes `DIR/forward.safetensors`: a fixed input (2 clips of 64 latent frames, 24
    /// context tokens, the second clip's last 6 masked), its timesteps, and the output of the
    /// denoiser loaded from `weights`; and, with an encoder, `DIR/text.safetensors`: two
    /// prompts naming a 3-token concept, their ids, the concept's embeddings, and the states.
    /// Returns the files written.
    public static func dumpForward(weights: URL, textEncoder: TextEncoder?, to dir: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let configURL = weights.deletingLastPathComponent().appendingPathComponent("config.json")
        let config = (try? ModelConfiguration.load(configURL)) ?? ModelConfiguration()
        let unet = UNet1D(config)
        try unet.load(from: weights)
        unet.freezeAll()
        var rng = SeededGenerator(seed: 1234)
        let x = Tensor.randn([2, 64, config.codec.latentChannels], using: &rng)
        let ctx = Tensor.randn([2, 24, config.text.hiddenSize], using: &rng)
        let mask = Tensor.ones([2, 24])
        for j in 18..<24 { mask[1, j] = 0 }
        let steps: [Float] = [37, 911]
        let (out, flops) = FlopCounter.measure { noGrad { unet(x, timesteps: steps, context: ctx, contextMask: mask) } }
        let forward = dir.appendingPathComponent("forward.safetensors")
        try SafeTensors.write([("x", x), ("context", ctx), ("context_mask", mask), ("timesteps", Tensor(steps, shape: [2])),
                               ("output", out)], to: forward,
                              metadata: ["parameters": String(unet.parameterCount), "forward_flops": String(flops)])
        var files = [forward]
        if let enc = textEncoder {
            if enc.concepts["bench"] == nil { try enc.addConcept("bench", tokens: 3, initialization: .word("instrument"), seed: 7) }
            let prompts = ["a melody on <bench>", "<bench> music played on a rainy evening"]
            var tokens: [PromptTokens] = []
            for p in prompts { tokens.append(try enc.tokenize(p)) }
            let encoded = noGrad { enc.encode(tokens) }
            let l = encoded.length
            let ids = Tensor.zeros([2, l]), slots = Tensor.full([2, l], -1)
            for (i, p) in tokens.enumerated() {
                for (t, id) in p.ids.enumerated() { ids[i, t] = Float(id) }
                for (t, ident) in p.identifiers.enumerated() { if let ident { slots[i, t] = Float(ident.token) } }
            }
            let text = dir.appendingPathComponent("text.safetensors")
            try SafeTensors.write(entries: [("ids", ids, .i32), ("identifier_slots", slots, .i32),
                                            ("concept", enc.concepts["bench"]!.embeddings.value, .f32),
                                            ("mask", encoded.mask, .f32), ("states", encoded.states, .f32)],
                                  to: text, metadata: ["prompts": prompts.joined(separator: "\n")])
            files.append(text)
        }
        return files
    }

    /// Median seconds of the real DreamStyler tuning step at `batch` (paper settings: 3
    /// identifier tokens, 5 % of self-attention V entries at random, every cross-attention
    /// K/V, AdamW β = (0.9, 0.95), weight decay 0.1, clipping at 1): the prompts of the batch
    /// (8 templates, each distinct one encoded once with its graph), the ε-prediction loss on
    /// 64-frame latents, backward to the tokens, clip and update.
    public func dreamStylerStep(textEncoder enc: TextEncoder) throws -> Double {
        let unet = UNet1D(config, seed: 1)
        let concept = try enc.concepts["bench"] ?? enc.addConcept("bench", tokens: 3, initialization: .word("instrument"), seed: 7)
        unet.freezeAll()
        var pick = SeededGenerator(seed: 5)
        for (name, p) in unet.namedParameters() {
            if name.hasSuffix("attn2.to_k.weight") || name.hasSuffix("attn2.to_v.weight") { p.setMode(.full) }
            if name.hasSuffix("attn1.to_v.weight") { p.setMode(.entries((0..<p.value.count).filter { _ in pick.next() % 20 == 0 })) }
        }
        concept.embeddings.setMode(.full)
        let unetParams = unet.namedParameters().filter { $0.parameter.mode != .frozen }
        let opt = AdamW(groups: [.init("unet", learningRate: 1e-5, weightDecay: 0.1, parameters: unetParams),
                                 .init("tokens", learningRate: 1e-4, weightDecay: 0.1, parameters: [("bench", concept.embeddings)])],
                        beta1: 0.9, beta2: 0.95)
        let d = config.diffusion
        let schedule = NoiseSchedule(timesteps: d.timesteps, kind: d.schedule, betaStart: d.betaStart, betaEnd: d.betaEnd)
        var rng = SeededGenerator(seed: 6)
        let x0 = Tensor.randn([batch, 64, config.codec.latentChannels], using: &rng)
        func step() throws {
            opt.zeroGrad()
            var prompts: [String] = [], rows: [Int] = []
            for _ in 0..<batch {
                let p = Self.templates[Int(rng.next() % UInt64(Self.templates.count))].replacingOccurrences(of: "{}", with: "<bench>")
                if let i = prompts.firstIndex(of: p) { rows.append(i) } else { rows.append(prompts.count); prompts.append(p) }
            }
            let encoded = try enc.encode(prompts)
            let (p, s, h) = (encoded.states.shape[0], encoded.states.shape[1], encoded.states.shape[2])
            let context = Tensor.embedding(encoded.states.reshaped([p, s * h]), indices: rows).reshaped([batch, s, h])
            let mask = Tensor.embedding(encoded.mask, indices: rows).detached()
            let noise = Tensor.randn(x0.shape, using: &rng)
            let t = (0..<batch).map { _ in Int(rng.next() % UInt64(schedule.timesteps)) }
            let xt = schedule.addNoise(x0, noise: noise, timesteps: t)
            Tensor.mse(unet(xt, timesteps: t.map(Float.init), context: context, contextMask: mask), noise).backward()
            opt.clipGradientNorm(1)
            opt.update()
        }
        return try Stopwatch.median(warmup: 1, repeats: repeats) { try step() }
    }
}
