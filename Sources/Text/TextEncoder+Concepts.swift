import ConceptGrammar
import Engine
import NN

extension TextEncoder {
    /// Identifier tokens per concept when none is asked for (paper: n = 3).
    public static let defaultTokensPerConcept = 3
    /// Default noise of a new concept's tokens, relative to the RMS of its starting vector.
    public static let defaultInitialNoise: Float = 0.1

    /// Makes a concept with `tokens` trainable identifier embeddings and adds it.
    ///
    /// Each token starts at the embedding of `initialization` (a class word such as
    /// "instrument", or the vocabulary mean) plus Gaussian noise of standard deviation
    /// `noise` × RMS(start), drawn from `seed` — by default a hash of the name, so two
    /// concepts from the same word still start apart, and the same name always starts
    /// the same way. The noise also sets the n tokens of one concept apart.
    @discardableResult
    public func addConcept(_ name: String, tokens: Int = TextEncoder.defaultTokensPerConcept,
                           initialization: ConceptInitialization, noise: Float = TextEncoder.defaultInitialNoise,
                           seed: UInt64? = nil) throws(TextEncoderError) -> Concept {
        let d = hiddenSize
        guard tokens >= 1 && tokens <= maxLength - 2 else {
            throw .invalidConceptEmbeddings(name: name, shape: [tokens, d], expected: "1…\(maxLength - 2) tokens of \(d)")
        }
        guard ConceptName.isValid(name) else { throw .invalidConceptName(name) }
        let start = try initialEmbedding(initialization)
        let rms = (start.reduce(0) { $0 + Double($1) * Double($1) } / Double(d)).squareRoot()
        var rng = SeededGenerator(seed: seed ?? Self.stableHash(name))
        let e = Tensor(uninitializedShape: [tokens, d])
        for k in 0..<tokens {
            for j in 0..<d { e.data[k * d + j] = start[j] + noise * Float(rms) * rng.nextNormal() }
        }
        let concept = Concept(name: name, embeddings: e, initialization: initialization)
        try concepts.add(concept, hidden: d)
        return concept
    }

    /// Adds a concept with embeddings given as they are, (tokens, hidden) — a learned
    /// concept read back from its file.
    @discardableResult
    public func addConcept(_ name: String, embeddings: Tensor) throws(TextEncoderError) -> Concept {
        let concept = Concept(name: name, embeddings: embeddings.copy(), initialization: .given)
        try concepts.add(concept, hidden: hiddenSize)
        return concept
    }

    /// The vector (hidden) a concept's tokens start from.
    public func initialEmbedding(_ initialization: ConceptInitialization) throws(TextEncoderError) -> [Float] {
        let d = hiddenSize
        let table = model.embeddings.wordEmbeddings.weight.value
        var v = [Double](repeating: 0, count: d)
        let rows: [Int]
        switch initialization {
        case .word(let word):
            let ids = tokenizer.pieces(word)
            guard !ids.isEmpty, !ids.contains(tokenizer.unknownID) else { throw .unknownWord(word) }
            rows = ids
        case .vocabularyMean:
            rows = Array(0..<table.shape[0])
        case .given:
            throw .invalidConceptEmbeddings(name: "?", shape: [], expected: "a word or the vocabulary mean to start from")
        }
        for r in rows { for j in 0..<d { v[j] += Double(table.data[r * d + j]) } }
        return v.map { Float($0 / Double(rows.count)) }
    }

    /// FNV-1a of the name's UTF-8 bytes: a seed that is the same on every run and machine
    /// (Swift's `hashValue` is randomised per process).
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }
}
