import Engine

/// A batch of encoded prompts: the cross-attention context `y` and its mask.
public struct EncodedText {
    /// Last hidden states (B, L, D); zero at padded positions.
    public let states: Tensor
    /// (B, L): 1 at real tokens, 0 at padding.
    public let mask: Tensor
    /// The prompts as tokenised, in batch order.
    public let prompts: [PromptTokens]

    public init(states: Tensor, mask: Tensor, prompts: [PromptTokens]) {
        require(states.rank == 3 && mask.shape == Array(states.shape.prefix(2)) && prompts.count == states.shape[0],
                "encoded text: states \(states.shape), mask \(mask.shape), \(prompts.count) prompts")
        self.states = states
        self.mask = mask
        self.prompts = prompts
    }

    public var batch: Int { states.shape[0] }
    public var length: Int { states.shape[1] }

    /// Masked mean over tokens (B, D), as sentence-transformers pools (differentiable).
    public func meanPooled() -> Tensor { Pooling.maskedMean(states, mask: mask) }

    /// The L2-normalised mean (B, D): the sentence embedding of all-MiniLM-L6-v2.
    public func sentenceEmbeddings() -> Tensor { Pooling.l2Normalized(meanPooled()) }

    /// Mean of the output states at `concept`'s identifier positions in prompt `b`,
    /// or nil when the prompt does not name it (a measurement; no gradient).
    public func identifierState(of concept: String, prompt b: Int) -> [Float]? {
        let positions = prompts[b].positions(of: concept)
        guard !positions.isEmpty else { return nil }
        let d = states.shape[2]
        var mean = [Float](repeating: 0, count: d)
        let base = states.data + b * length * d
        for t in positions { for j in 0..<d { mean[j] += base[t * d + j] } }
        return mean.map { $0 / Float(positions.count) }
    }
}
