import Engine

extension TextEncoder {
    /// Encodes prompts into last hidden states (B, L, D) padded to the longest prompt.
    ///
    /// Prompts without identifier tokens come from the cache, or are encoded together
    /// in one pass without a graph and then cached. Prompts that name concepts go
    /// through the encoder in one batched pass that records the graph (under the
    /// ambient grad mode), so a loss on the result trains those concepts' embeddings.
    /// They are never cached, as the embeddings change while they train: a sampler
    /// encodes its prompt once per generation, not once per step.
    public func encode(_ prompts: [String]) throws(TextEncoderError) -> EncodedText {
        var tokens: [PromptTokens] = []
        tokens.reserveCapacity(prompts.count)
        for p in prompts { tokens.append(try tokenize(p)) }
        return encode(tokens)
    }

    /// Encodes prompts that are already tokenised (see `encode(_: [String])`).
    public func encode(_ tokens: [PromptTokens]) -> EncodedText {
        require(!tokens.isEmpty, "encode needs at least one prompt")
        let b = tokens.count, l = tokens.map(\.count).max()!
        let mask = TokenBatch.mask(lengths: tokens.map(\.count), length: l)
        // A trainable encoder weight would make cached states stale: then nothing is cached.
        let cacheable = model.isFrozen
        let live = (0..<b).filter { tokens[$0].hasIdentifiers || !cacheable }
        if live.count == b {
            return EncodedText(states: forward(tokens, length: l), mask: mask, prompts: tokens)
        }
        let liveSet = Set(live)
        let constant = cachedStates(tokens, indices: (0..<b).filter { !liveSet.contains($0) }, length: l)
        if live.isEmpty {
            return EncodedText(states: constant, mask: mask, prompts: tokens)
        }
        // Mixed batch: interleave rows of the recorded pass with rows of the constant one.
        let graph = forward(live.map { tokens[$0] }, length: l)
        var next = 0
        let rows = (0..<b).map { i -> Tensor in
            if next < live.count && live[next] == i {
                next += 1
                return graph.narrow(axis: 0, start: next - 1, length: 1)
            }
            return constant.narrow(axis: 0, start: i, length: 1)
        }
        return EncodedText(states: Tensor.concat(rows, axis: 0), mask: mask, prompts: tokens)
    }

    /// (B, L, D) states of the prompts at `indices` from the cache (encoding the misses
    /// first); other rows and padding are zero. Each distinct text is looked
    /// up, and encoded, once per call.
    private func cachedStates(_ tokens: [PromptTokens], indices: [Int], length l: Int) -> Tensor {
        let d = hiddenSize
        var states: [String: Tensor] = [:]
        var missing: [PromptTokens] = []
        var seen = Set<String>()
        for i in indices where seen.insert(tokens[i].text).inserted {
            // An entry of another length was made under another maxLength: encode afresh.
            if let s = cache.states(for: tokens[i].text), s.shape[0] == tokens[i].count {
                states[tokens[i].text] = s
            } else {
                missing.append(tokens[i])
            }
        }
        // Each alone, at its own length: a batch padded to its longest prompt gives other last bits
        // (other matrix shapes), and a cached entry must not depend on what it was first encoded
        // beside, or a resumed learn, which fills its cache in another order, would not be bit-identical.
        for p in missing {
            let encoded = noGrad { forward([p], length: p.count) }
            let s = Tensor(uninitializedShape: [p.count, d])
            s.data.update(from: encoded.data, count: p.count * d)
            cache.insert(s, for: p.text)
            states[p.text] = s
        }
        let out = Tensor.zeros([tokens.count, l, d])
        for i in indices {
            let s = states[tokens[i].text]!
            (out.data + i * l * d).update(from: s.data, count: s.count)
        }
        return out
    }

    /// Last hidden states (B, L, D) of tokenised prompts in one batched pass that
    /// bypasses the cache: word embeddings, identifier embeddings in their slots, the
    /// encoder, and padding zeroed. `length` (default: the longest prompt) pads further.
    public func states(_ tokens: [PromptTokens], length: Int? = nil) -> Tensor {
        let longest = tokens.map(\.count).max() ?? 0
        require(!tokens.isEmpty && (length ?? longest) >= longest, "states: \(tokens.count) prompts padded to \(length ?? longest)")
        return forward(tokens, length: length ?? longest)
    }

    /// One batched pass (see `states`). (B, length, D).
    func forward(_ tokens: [PromptTokens], length l: Int) -> Tensor {
        let b = tokens.count
        let batch = TokenBatch(sequences: tokens.map(\.ids), padID: tokenizer.padID, padTo: l)
        let mask = batch.attentionMask
        var input = model.embeddings.words(batch.ids, shape: [b, l])
        if tokens.contains(where: \.hasIdentifiers) {
            input = input * wordMask(tokens, length: l) + identifierEmbeddings(tokens, length: l)
        }
        return model(inputEmbeddings: input, mask: mask) * mask.reshaped([b, l, 1])
    }

    /// (B, L, 1): 0 where an identifier replaces the word, 1 elsewhere.
    private func wordMask(_ tokens: [PromptTokens], length l: Int) -> Tensor {
        let m = Tensor.ones([tokens.count, l, 1])
        for (i, p) in tokens.enumerated() {
            for (t, ident) in p.identifiers.enumerated() where ident != nil { m.data[i * l + t] = 0 }
        }
        return m
    }

    /// (B, L, D): each identifier slot holds its concept's embedding row, every other
    /// position zero. One gather from [0; V*_a; V*_b; …], so gradients reach every
    /// concept's parameter through one recorded operation.
    private func identifierEmbeddings(_ tokens: [PromptTokens], length l: Int) -> Tensor {
        var parts = [Tensor.zeros([1, hiddenSize])]
        var firstRow: [String: Int] = [:]
        var rows = 1
        for p in tokens {
            for name in p.conceptNames where firstRow[name] == nil {
                let c = concepts[name]!
                firstRow[name] = rows
                parts.append(c.embeddings.tensor)
                rows += c.tokenCount
            }
        }
        var index = [Int](repeating: 0, count: tokens.count * l)
        for (i, p) in tokens.enumerated() {
            for (t, ident) in p.identifiers.enumerated() {
                if let ident { index[i * l + t] = firstRow[ident.concept]! + ident.token }
            }
        }
        return Tensor.embedding(Tensor.concat(parts, axis: 0), indices: index, shape: [tokens.count, l])
    }
}
