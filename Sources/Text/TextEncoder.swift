import Engine
import Foundation

/// The frozen text encoder of DreamStyler: a BERT (all-MiniLM-L6-v2 by default)
/// with its tokenizer, the concepts' trainable identifier tokens, and a cache of
/// encoded prompts.
///
/// `encode` turns prompts into the cross-attention context `y` — last hidden
/// states (B, L, D) — and its mask; prompts that name concepts (`<koto>`) carry
/// gradients back to those concepts' embeddings through the frozen encoder.
///
/// Not thread-safe: one encoder belongs to one training or sampling loop.
public final class TextEncoder {
    public let model: BertModel
    public let tokenizer: BertTokenizer
    public let concepts = ConceptTokens()
    /// Encoded prompts without identifier tokens, by text.
    public let cache: EncodingCache
    /// The folder the encoder was read from, if any.
    public let folder: URL?

    /// The most tokens of a prompt, `[CLS]` and `[SEP]` included; longer prompts are
    /// truncated (or refused, when the cut would fall into identifier tokens).
    /// Changing it empties the cache.
    public var maxLength: Int {
        didSet {
            require(maxLength >= 2 && maxLength <= model.configuration.maxPositionEmbeddings,
                    "maxLength \(maxLength) outside 2…\(model.configuration.maxPositionEmbeddings)")
            if maxLength != oldValue { cache.removeAll() }
        }
    }

    /// The default `maxLength`: captions are short, and the context length sets the
    /// cost of every cross-attention in the denoiser.
    public static let defaultMaxLength = 64

    /// An encoder over a model and tokenizer already in memory; the model's weights are frozen.
    public init(model: BertModel, tokenizer: BertTokenizer, folder: URL? = nil, maxLength: Int = TextEncoder.defaultMaxLength,
                cacheCapacityBytes: Int = EncodingCache.defaultCapacityBytes) throws(TextEncoderError) {
        guard tokenizer.vocabulary.count == model.configuration.vocabSize else {
            throw .invalidVocabulary(path: folder?.appendingPathComponent("vocab.txt").path ?? "vocabulary",
                                     reason: "\(tokenizer.vocabulary.count) tokens, but the model has vocab_size \(model.configuration.vocabSize)")
        }
        require(maxLength >= 2, "maxLength \(maxLength) leaves no room for [CLS] and [SEP]")
        self.model = model
        self.tokenizer = tokenizer
        self.folder = folder
        self.maxLength = min(maxLength, model.configuration.maxPositionEmbeddings)
        self.cache = EncodingCache(capacityBytes: cacheCapacityBytes)
        // Only write when needed: encoders may share one frozen model across threads.
        if !model.isFrozen { model.freezeAll() }
    }

    /// Reads a Hugging Face BERT folder: `config.json`, `vocab.txt`, `model.safetensors`
    /// (and `tokenizer_config.json` for casing, when present).
    public convenience init(folder: URL, maxLength: Int = TextEncoder.defaultMaxLength) throws(TextEncoderError) {
        try TextEncoderFolder.check(folder)
        let config = try BertConfiguration.load(from: folder.appendingPathComponent("config.json"))
        let tokenizer = try BertTokenizer.load(folder: folder)
        let model = try BertModel.load(configuration: config, weights: folder.appendingPathComponent("model.safetensors"))
        try self.init(model: model, tokenizer: tokenizer, folder: folder, maxLength: maxLength)
    }

    public var hiddenSize: Int { model.hiddenSize }
}
