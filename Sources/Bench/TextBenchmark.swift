import Engine
import Text

/// `dreamstyler bench text`: the text encoder on a batch of prompts of a fixed
/// token count — tokenising, the forward pass, forward + backward to the
/// identifier tokens (the DreamStyler training case: encoder frozen, no weight
/// gradients), and a batch served from the cache.
public struct TextBenchmark {
    public struct Report: Codable, Sendable {
        public var library: String
        public var model: String
        public var batch: Int
        public var tokens: Int
        public var parameters: Int
        public var tokenizeSeconds: Double
        public var forwardGFLOP: Double
        public var forwardSeconds: Double
        public var forwardGFLOPS: Double
        public var trainGFLOP: Double
        public var trainSeconds: Double
        public var trainGFLOPS: Double
        public var cachedSeconds: Double
        public var peakGFLOPS: Double?
    }

    public var batch = 32
    public var tokens = 24
    public var repeats = 10
    /// Also measure the GEMM peak to compare with (about a second).
    public var measurePeak = true

    public init(batch: Int = 32, tokens: Int = 24, repeats: Int = 10, measurePeak: Bool = true) {
        self.batch = batch
        self.tokens = tokens
        self.repeats = repeats
        self.measurePeak = measurePeak
    }

    /// Prompts of exactly `tokens` tokens: whole-word vocabulary entries drawn with a seed,
    /// and — for the training case — `<bench>` (3 identifier tokens) at a drawn place.
    public static func prompts(_ encoder: TextEncoder, count: Int, tokens: Int, identifier: String?, seed: UInt64) -> [String] {
        let vocab = encoder.tokenizer.vocabulary
        // Plain lower-case words of 3+ letters, each its own single token.
        let words = vocab.tokens.filter { t in t.count >= 3 && t.unicodeScalars.allSatisfy { ("a"..."z").contains($0) } }
        require(!words.isEmpty, "the vocabulary has no plain words to build prompts from")
        var rng = SeededGenerator(seed: seed)
        let idTokens = identifier.map { encoder.concepts[$0]!.tokenCount } ?? 0
        let wordCount = tokens - 2 - idTokens
        require(wordCount >= 0, "\(tokens) tokens leave no room for the prompt")
        return (0..<count).map { _ in
            var parts = (0..<wordCount).map { _ in words[Int(rng.next() % UInt64(words.count))] }
            if let identifier { parts.insert("<\(identifier)>", at: Int(rng.next() % UInt64(wordCount + 1))) }
            return parts.joined(separator: " ")
        }
    }

    public func run(_ encoder: TextEncoder) throws(TextEncoderError) -> Report {
        let peak = measurePeak ? EngineBenchmark(repeats: repeats).measurePeak().gflops : nil
        let plain = Self.prompts(encoder, count: batch, tokens: tokens, identifier: nil, seed: 1)
        if encoder.concepts["bench"] == nil { try encoder.addConcept("bench", initialization: .vocabularyMean) }
        let named = Self.prompts(encoder, count: batch, tokens: tokens, identifier: "bench", seed: 2)

        var plainTokens: [PromptTokens] = []
        let tokenizeSeconds = try Stopwatch.median(repeats: repeats) { () throws(TextEncoderError) in
            plainTokens = []
            for p in plain { plainTokens.append(try encoder.tokenize(p)) }
        }
        var namedTokens: [PromptTokens] = []
        for p in named { namedTokens.append(try encoder.tokenize(p)) }
        require(plainTokens.allSatisfy { $0.count == tokens } && namedTokens.allSatisfy { $0.count == tokens },
                "benchmark prompts are not \(tokens) tokens long")

        // Forward: one batched pass without a graph, bypassing the cache.
        let (_, fwdFlops) = FlopCounter.measure { noGrad { _ = encoder.states(plainTokens) } }
        let tf = Stopwatch.median(repeats: repeats) { noGrad { _ = encoder.states(plainTokens) } }

        // Forward + backward: gradients reach only the identifier embeddings.
        let concept = encoder.concepts["bench"]!
        var rng = SeededGenerator(seed: 3)
        let upstream = Tensor.randn([batch, tokens, encoder.hiddenSize], using: &rng)
        func step() {
            concept.embeddings.value.zeroGrad()
            encoder.states(namedTokens).backward(gradient: upstream)
        }
        step()
        let (_, trainFlops) = FlopCounter.measure { step() }
        let tt = Stopwatch.median(repeats: repeats) { step() }

        // The cache: the same captions again, as pretraining and sampling see them.
        _ = try encoder.encode(plain)
        let tc = try Stopwatch.median(repeats: repeats) { () throws(TextEncoderError) in _ = try encoder.encode(plain) }

        let c = encoder.model.configuration
        return Report(
            library: Kernels.description,
            model: "BERT \(c.numHiddenLayers)×\(c.hiddenSize), \(c.numAttentionHeads) heads, ff \(c.intermediateSize)",
            batch: batch, tokens: tokens, parameters: encoder.model.parameterCount,
            tokenizeSeconds: tokenizeSeconds,
            forwardGFLOP: Double(fwdFlops) / 1e9, forwardSeconds: tf, forwardGFLOPS: Double(fwdFlops) / tf / 1e9,
            trainGFLOP: Double(trainFlops) / 1e9, trainSeconds: tt, trainGFLOPS: Double(trainFlops) / tt / 1e9,
            cachedSeconds: tc, peakGFLOPS: peak)
    }
}
