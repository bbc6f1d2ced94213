import Foundation

/// The sizes of a BERT encoder, read from a Hugging Face `config.json`
/// (snake_case keys, as `transformers` writes them).
///
/// Keys that older or smaller configs leave out take BERT's defaults. Only what
/// this encoder can run is accepted: absolute positions and the exact (erf) GELU.
public struct BertConfiguration: Codable, Sendable, Equatable {
    public var vocabSize: Int
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var hiddenAct: String
    public var maxPositionEmbeddings: Int
    public var typeVocabSize: Int
    public var layerNormEps: Double
    public var padTokenId: Int
    public var positionEmbeddingType: String
    public var modelType: String?

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size"
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case hiddenAct = "hidden_act"
        case maxPositionEmbeddings = "max_position_embeddings"
        case typeVocabSize = "type_vocab_size"
        case layerNormEps = "layer_norm_eps"
        case padTokenId = "pad_token_id"
        case positionEmbeddingType = "position_embedding_type"
        case modelType = "model_type"
    }

    public init(vocabSize: Int, hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int, intermediateSize: Int,
                maxPositionEmbeddings: Int = 512, typeVocabSize: Int = 2, layerNormEps: Double = 1e-12) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.hiddenAct = "gelu"
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps
        self.padTokenId = 0
        self.positionEmbeddingType = "absolute"
        self.modelType = "bert"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 512
        typeVocabSize = try c.decodeIfPresent(Int.self, forKey: .typeVocabSize) ?? 2
        layerNormEps = try c.decodeIfPresent(Double.self, forKey: .layerNormEps) ?? 1e-12
        padTokenId = try c.decodeIfPresent(Int.self, forKey: .padTokenId) ?? 0
        positionEmbeddingType = try c.decodeIfPresent(String.self, forKey: .positionEmbeddingType) ?? "absolute"
        modelType = try c.decodeIfPresent(String.self, forKey: .modelType)
    }

    /// Size of one attention head.
    public var headSize: Int { hiddenSize / numAttentionHeads }

    /// Reads and checks `config.json`.
    public static func load(from url: URL) throws(TextEncoderError) -> BertConfiguration {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .invalidConfiguration(path: url.path, reason: "cannot read the file")
        }
        let config: BertConfiguration
        do { config = try JSONDecoder().decode(BertConfiguration.self, from: data) } catch let error as DecodingError {
            throw .invalidConfiguration(path: url.path, reason: "not a BERT config.json (\(Self.describe(error)))")
        } catch {
            throw .invalidConfiguration(path: url.path, reason: "not a BERT config.json")
        }
        try config.validate(source: url.path)
        return config
    }

    /// Checks that the sizes are consistent and that this encoder can run the model.
    public func validate(source: String = "config.json") throws(TextEncoderError) {
        func fail(_ why: String) -> TextEncoderError { .invalidConfiguration(path: source, reason: why) }
        if let t = modelType, t != "bert" { throw fail("model_type '\(t)' is not supported; the text encoder runs BERT models") }
        for (name, v) in [("vocab_size", vocabSize), ("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
                          ("num_attention_heads", numAttentionHeads), ("intermediate_size", intermediateSize),
                          ("max_position_embeddings", maxPositionEmbeddings), ("type_vocab_size", typeVocabSize)] where v <= 0 {
            throw fail("\(name) must be positive, is \(v)")
        }
        guard hiddenSize % numAttentionHeads == 0 else {
            throw fail("hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(numAttentionHeads)")
        }
        // "gelu" in transformers is the exact erf form, which the engine's gelu() computes.
        guard hiddenAct == "gelu" else { throw fail("hidden_act '\(hiddenAct)' is not supported (only 'gelu')") }
        guard positionEmbeddingType == "absolute" else {
            throw fail("position_embedding_type '\(positionEmbeddingType)' is not supported (only 'absolute')")
        }
        guard layerNormEps > 0 else { throw fail("layer_norm_eps must be positive") }
        guard padTokenId >= 0 && padTokenId < vocabSize else { throw fail("pad_token_id \(padTokenId) is outside the vocabulary") }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "no '\(key.stringValue)'"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            return "'\(ctx.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case .dataCorrupted(let ctx): return ctx.codingPath.isEmpty ? "invalid JSON" : "bad '\(ctx.codingPath.map(\.stringValue).joined(separator: "."))'"
        @unknown default: return "unreadable"
        }
    }
}
