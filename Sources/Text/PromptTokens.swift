import ConceptGrammar

/// A prompt as the encoder reads it: `[CLS]` … `[SEP]`, with each `<name>`
/// replaced by that concept's identifier tokens.
public struct PromptTokens: Sendable, Equatable {
    /// One identifier token's place: which concept, and which of its tokens (0-based).
    public struct Identifier: Sendable, Equatable {
        public let concept: String
        public let token: Int
    }

    public let text: String
    /// Token ids; an identifier's position holds `[UNK]`, never read (its embedding is the concept's).
    public let ids: [Int]
    /// Per position: the identifier token there, or nil for a word piece.
    public let identifiers: [Identifier?]

    public var count: Int { ids.count }

    /// Whether the prompt names any concept (such prompts are not cached: they train).
    public var hasIdentifiers: Bool { identifiers.contains { $0 != nil } }

    /// The concepts named, each once, in order of first appearance.
    public var conceptNames: [String] {
        var seen = Set<String>()
        return identifiers.compactMap { $0?.concept }.filter { seen.insert($0).inserted }
    }

    /// Positions of `concept`'s identifier tokens (every occurrence).
    public func positions(of concept: String) -> [Int] {
        identifiers.indices.filter { identifiers[$0]?.concept == concept }
    }

    /// Token strings for display, identifiers as `<name_k>`.
    public func tokenStrings(_ tokenizer: BertTokenizer) -> [String] {
        zip(ids, identifiers).map { id, ident in ident.map { ConceptName.identifierToken($0.concept, $0.token + 1) } ?? tokenizer.vocabulary.token(id) }
    }
}

extension TextEncoder {
    /// Tokenises a prompt: word pieces for the text, a concept's n identifier tokens for
    /// each `<name>`, between `[CLS]` and `[SEP]`, truncated to `maxLength`.
    ///
    /// Throws for a `<name>` that is not a known concept (the message lists the known
    /// ones), and when truncation would cut into identifier tokens.
    public func tokenize(_ prompt: String) throws(TextEncoderError) -> PromptTokens {
        var ids: [Int] = [tokenizer.clsID]
        var identifiers: [PromptTokens.Identifier?] = [nil]
        for part in PromptReferences.parse(prompt) {
            switch part {
            case .text(let t):
                let p = tokenizer.pieces(t)
                ids += p
                identifiers += [PromptTokens.Identifier?](repeating: nil, count: p.count)
            case .concept(let name):
                guard let c = concepts[name] else { throw .unknownConcept(name: name, known: concepts.names) }
                ids += [Int](repeating: tokenizer.unknownID, count: c.tokenCount)
                identifiers += (0..<c.tokenCount).map { PromptTokens.Identifier(concept: name, token: $0) }
            }
        }
        let limit = maxLength - 1  // room for [SEP]
        if ids.count > limit {
            if identifiers[limit...].contains(where: { $0 != nil }) {
                throw .promptTooLong(prompt: prompt, tokens: ids.count + 1, limit: maxLength)
            }
            ids.removeSubrange(limit...)
            identifiers.removeSubrange(limit...)
        }
        ids.append(tokenizer.sepID)
        identifiers.append(nil)
        return PromptTokens(text: prompt, ids: ids, identifiers: identifiers)
    }
}
