import Engine
import EngineTestSupport
import Foundation
import Testing
import Text

/// all-MiniLM-L6-v2 in the engine against the original implementation's outputs
/// (`Tests/Fixtures/minilm/reference.json`): hidden states to 1e-4, normalised
/// sentence embeddings to 1e-5 and a cosine of at least 0.99999.
@Suite(.enabled(if: !MiniLM.skipped, MiniLM.skipReason))
struct ReferenceEncoderTests {
    func check(_ encoded: EncodedText, _ b: Int, _ s: MiniLM.Sentence) -> (hidden: Float, cosine: Double) {
        var hidden: Float = 0
        if let rows = s.last_hidden_state {
            hidden = maxDifference(encoded.states, batch: b, rows: rows)
            #expect(hidden < 1e-4, "\"\(s.text)\": hidden states differ by \(hidden)")
        }
        let d = encoded.states.shape[2]
        let pooled = noGrad { encoded.meanPooled() }.toArray()
        let embedding = noGrad { encoded.sentenceEmbeddings() }.toArray()
        let p = Array(pooled[(b * d)..<((b + 1) * d)]), e = Array(embedding[(b * d)..<((b + 1) * d)])
        #expect(maxAbsDifference(p, s.mean_pooled) < 1e-4, "\"\(s.text)\": mean-pooled")
        #expect(maxAbsDifference(e, s.embedding_normalized) < 1e-5, "\"\(s.text)\": normalised embedding")
        let cosine = Pooling.cosine(e, s.embedding_normalized)
        #expect(cosine > 0.99999, "\"\(s.text)\": cosine \(cosine)")
        return (hidden, cosine)
    }

    @Test func everySentenceEncodedAloneMatches() throws {
        let encoder = try MiniLM.encoder()
        let reference = try MiniLM.reference()
        var worstHidden: Float = 0, worstCosine = 1.0
        for s in reference.sentences {
            let encoded = try noGrad { try encoder.encode([s.text]) }
            #expect(encoded.prompts[0].ids == s.input_ids)
            let (h, c) = check(encoded, 0, s)
            worstHidden = max(worstHidden, h)
            worstCosine = min(worstCosine, c)
        }
        print("MiniLM vs reference: max |Δ hidden| \(worstHidden), min cosine of normalised embeddings \(worstCosine)")
    }

    @Test func onePaddedBatchOfAllSentencesMatches() throws {
        let encoder = try MiniLM.encoder()
        let reference = try MiniLM.reference()
        let sentences = reference.sentences + reference.extra_truncation_case
        let tokens = try sentences.map { try encoder.tokenize($0.text) }
        // Uncached, one pass: 9 prompts padded to 64 tokens.
        let states = noGrad { encoder.states(tokens) }
        let encoded = EncodedText(states: states, mask: TokenBatch.mask(lengths: tokens.map(\.count), length: states.shape[1]), prompts: tokens)
        #expect(encoded.length == 64)
        for (b, s) in sentences.enumerated() { _ = check(encoded, b, s) }
    }

    @Test func theTruncatedSentenceMatches() throws {
        let encoder = try MiniLM.encoder()
        let t = try #require(try MiniLM.reference().extra_truncation_case.first)
        let encoded = try noGrad { try encoder.encode([t.text]) }
        #expect(encoded.length == 64)
        _ = check(encoded, 0, t)
    }
}
