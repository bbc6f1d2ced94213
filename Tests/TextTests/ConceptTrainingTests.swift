import Engine
import EngineTestSupport
import Foundation
import Testing
import Text
import TextTestSupport

/// Textual-inversion style training through the frozen encoder: only two
/// concepts' identifier embeddings (3 tokens each) train, to move their prompts'
/// pooled embeddings toward two given targets.
@Suite struct ConceptTrainingTests {
    struct Outcome {
        var before: [Double]
        var after: [Double]
        /// Cosine of each prompt's final embedding with the *other* target.
        var crossAfter: [Double]
    }

    /// Trains concepts `a` and `b` so that `prompts[i]` pools toward `targets` row i; checks
    /// on the way that all six tokens get gradients and no encoder weight changes.
    func train(_ encoder: TextEncoder, prompts: [String], targets: Tensor, steps: Int, learningRate: Float) throws -> Outcome {
        let d = encoder.hiddenSize
        let weights = encoder.model.namedParameters().map { ($0.name, $0.parameter.value.toArray()) }
        let opt = AdamW(groups: [.init("identifiers", learningRate: learningRate, weightDecay: 0, parameters: encoder.concepts.namedParameters())])
        #expect(opt.trainedNames == ["a", "b"] && opt.trainableCount == 6 * d)
        func cosines(_ e: Tensor, _ t: Tensor) -> [Double] {
            (0..<2).map { i in Pooling.cosine(Array(e.toArray()[(i * d)..<((i + 1) * d)]), Array(t.toArray()[(i * d)..<((i + 1) * d)])) }
        }
        var before: [Double] = []
        var last = Tensor.zeros([2, d])
        for step in 0..<steps {
            opt.zeroGrad()
            let embeddings = try encoder.encode(prompts).sentenceEmbeddings()  // (2, D), unit rows
            if step == 0 { before = cosines(embeddings, targets) }
            last = embeddings.detached().copy()
            // Σ_i (1 − cos(e_i, t_i)) for unit targets, up to the constant.
            let loss = -(embeddings * targets).sum()
            loss.backward()
            if step == 0 {
                for c in encoder.concepts.concepts {
                    let g = try #require(c.embeddings.value.grad, "<\(c.name)> got no gradient")
                    for k in 0..<c.tokenCount {
                        let norm = (0..<d).reduce(Float(0)) { $0 + g[k, $1] * g[k, $1] }.squareRoot()
                        #expect(norm > 0 && norm.isFinite, "<\(c.name)> token \(k + 1): gradient norm \(norm)")
                    }
                }
            }
            opt.update()
        }
        // The encoder's weights are bit-identical, and none even holds a gradient.
        for ((name, old), (_, p)) in zip(weights, encoder.model.namedParameters()) {
            #expect(p.value.toArray() == old, "\(name) changed")
            #expect(p.value.grad == nil, "\(name) has a gradient")
        }
        let swapped = Tensor.concat([targets.narrow(axis: 0, start: 1, length: 1), targets.narrow(axis: 0, start: 0, length: 1)], axis: 0)
        return Outcome(before: before, after: cosines(last, targets), crossAfter: cosines(last, swapped))
    }

    @Test(.enabled(if: !MiniLM.skipped, MiniLM.skipReason))
    func twoConceptsLearnTowardTheirTargetsThroughFrozenMiniLM() throws {
        let encoder = try MiniLM.encoder()
        try encoder.addConcept("a", tokens: 3, initialization: .word("instrument"))
        try encoder.addConcept("b", tokens: 3, initialization: .word("genre"))
        let targets = try noGrad {
            try encoder.encode(["a gentle japanese melody plucked on a zither", "offbeat jamaican rhythm guitar with deep bass"]).sentenceEmbeddings()
        }
        let o = try train(encoder, prompts: ["a recording of <a>", "a song in the style of <b>"], targets: targets, steps: 30, learningRate: 0.02)
        print("identifier training on MiniLM: cosine to target \(o.before) → \(o.after), to the other target \(o.crossAfter)")
        for i in 0..<2 {
            #expect(o.after[i] > o.before[i] + 0.15, "prompt \(i): \(o.before[i]) → \(o.after[i])")
            #expect(o.after[i] > o.crossAfter[i] + 0.1, "prompt \(i) ends nearer its own target")
        }
    }

    @Test func twoConceptsLearnTowardTheirTargetsThroughATinyBert() throws {
        let encoder = try TinyBert.encoder(seed: 7)
        try encoder.addConcept("a", tokens: 3, initialization: .word("instrument"))
        try encoder.addConcept("b", tokens: 3, initialization: .vocabularyMean)
        var rng = SeededGenerator(seed: 8)
        let targets = noGrad { Pooling.l2Normalized(Tensor.randn([2, encoder.hiddenSize], using: &rng)) }
        let o = try train(encoder, prompts: ["slow <a> melody", "<b> with drums"], targets: targets, steps: 60, learningRate: 0.05)
        for i in 0..<2 {
            #expect(o.after[i] > o.before[i] + 0.2, "prompt \(i): \(o.before[i]) → \(o.after[i])")
        }
    }
}
