import Engine
import NN

/// BERT's input layer (`embeddings.*`): word, position and token-type tables,
/// summed and layer-normalised.
///
/// The word lookup is kept apart from the rest so that a caller can put its own
/// vectors — trainable concept identifier tokens — in place of some words: the
/// forward pass takes input embeddings, not ids.
public final class BertEmbeddings: Module {
    public let wordEmbeddings: Embedding
    public let positionEmbeddings: Embedding
    public let tokenTypeEmbeddings: Embedding
    public let layerNorm: LayerNorm

    public init(_ config: BertConfiguration, rng: inout SeededGenerator?) {
        let d = config.hiddenSize
        func table(_ n: Int) -> Embedding {
            // BERT initialises with N(0, 0.02²); a model that is loaded next starts from zeros (no wasted draws).
            if rng == nil { return Embedding(weight: Tensor.zeros([n, d])) }
            return Embedding(n, d, std: 0.02, rng: &rng!)
        }
        wordEmbeddings = table(config.vocabSize)
        positionEmbeddings = table(config.maxPositionEmbeddings)
        tokenTypeEmbeddings = table(config.typeVocabSize)
        layerNorm = LayerNorm(d, eps: Float(config.layerNormEps))
        super.init()
        register("word_embeddings", wordEmbeddings)
        register("position_embeddings", positionEmbeddings)
        register("token_type_embeddings", tokenTypeEmbeddings)
        register("LayerNorm", layerNorm)
    }

    /// The word vectors of `ids`, shaped `shape + [hidden]`.
    public func words(_ ids: [Int], shape: [Int]) -> Tensor {
        wordEmbeddings(ids, shape: shape)
    }

    /// LayerNorm(input + position + token type 0): `input` (B, L, D) → (B, L, D).
    ///
    /// Every sequence is one segment (token type 0), as for a single sentence.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        let length = input.shape[1]
        require(length <= positionEmbeddings.count, "\(length) tokens exceed the \(positionEmbeddings.count) positions of the model")
        // (L, D): positions 0..<L plus the type-0 row, broadcast over the batch.
        let offsets = positionEmbeddings(Array(0..<length)) + tokenTypeEmbeddings([0])
        return layerNorm(input + offsets)
    }
}
