import Engine
import Foundation

/// A BERT encoder (`BertModel` without its pooler): embeddings, then
/// `encoder.layer.0 …` transformer layers. The output is the last hidden states.
///
/// Parameter names are the Hugging Face checkpoint's, so a `model.safetensors`
/// loads strictly: every weight must be there with its shape, and nothing else
/// may be, apart from the few tensors `checkpointName` knowingly skips.
public final class BertModel: Module {
    public let configuration: BertConfiguration
    public let embeddings: BertEmbeddings
    public let encoder: BertEncoder

    /// A randomly initialised model (tests, and models about to be trained).
    public convenience init(configuration: BertConfiguration, rng: inout SeededGenerator) {
        var r: SeededGenerator? = rng
        self.init(configuration, rng: &r)
        rng = r!
    }

    private init(_ config: BertConfiguration, rng: inout SeededGenerator?) {
        configuration = config
        embeddings = BertEmbeddings(config, rng: &rng)
        // Linear layers always draw their initial weights; for a model that is loaded
        // next they draw from a fixed throw-away generator (cheap next to reading the file).
        var layerRNG = rng ?? SeededGenerator(seed: 0)
        encoder = BertEncoder(config, rng: &layerRNG)
        if rng != nil { rng = layerRNG }
        super.init()
        register("embeddings", embeddings)
        register("encoder", encoder)
    }

    /// Loads `model.safetensors` with `config`; every weight comes out frozen.
    public static func load(configuration config: BertConfiguration, weights url: URL) throws(TextEncoderError) -> BertModel {
        var none: SeededGenerator? = nil
        let model = BertModel(config, rng: &none)
        do throws(EngineError) {
            try model.load(from: SafeTensors(contentsOf: url), rename: checkpointName)
        } catch {
            throw .checkpoint(error)
        }
        model.freezeAll()
        return model
    }

    /// The parameter name of a checkpoint tensor, or nil for the tensors this model
    /// does not use: `embeddings.position_ids` (a buffer of 0…511, not a weight), the
    /// pooler and pre-training heads (sentence embeddings are mean-pooled hidden
    /// states). Also accepts the `bert.` prefix of task checkpoints and the
    /// `gamma`/`beta` names of old TensorFlow conversions.
    public static func checkpointName(_ name: String) -> String? {
        var n = Substring(name)
        if n.hasPrefix("bert.") { n = n.dropFirst(5) }
        if n == "embeddings.position_ids" || n.hasPrefix("pooler.") || n.hasPrefix("cls.") { return nil }
        if n.hasSuffix("LayerNorm.gamma") { return String(n.dropLast(5)) + "weight" }
        if n.hasSuffix("LayerNorm.beta") { return String(n.dropLast(4)) + "bias" }
        return String(n)
    }

    public var hiddenSize: Int { configuration.hiddenSize }

    /// Whether no weight of the encoder trains (the DreamStyler setting).
    public var isFrozen: Bool { namedParameters().allSatisfy { $0.parameter.trainableCount == 0 } }

    /// Last hidden states (B, L, D) of input embeddings (B, L, D) — word vectors, or
    /// vectors of the caller's own such as identifier tokens — under `mask` (B, L)
    /// with 1 at real tokens. Gradients flow back to `inputEmbeddings` when it
    /// requires them; states at padded positions are left as the layers make them.
    public func callAsFunction(inputEmbeddings: Tensor, mask: Tensor) -> Tensor {
        require(inputEmbeddings.rank == 3 && inputEmbeddings.shape[2] == hiddenSize,
                "input embeddings \(inputEmbeddings.shape), expected (B, L, \(hiddenSize))")
        require(mask.shape == Array(inputEmbeddings.shape.prefix(2)), "mask \(mask.shape) for input \(inputEmbeddings.shape)")
        return encoder(embeddings(inputEmbeddings), mask: mask)
    }

    /// Last hidden states (B, L, D) of a token batch.
    public func callAsFunction(_ batch: TokenBatch) -> Tensor {
        let words = embeddings.words(batch.ids, shape: [batch.batch, batch.length])
        return self(inputEmbeddings: words, mask: batch.attentionMask)
    }
}

/// The stack of transformer layers (`encoder.layer.N`).
public final class BertEncoder: Module {
    public let layers: ModuleList<BertLayer>

    init(_ config: BertConfiguration, rng: inout SeededGenerator) {
        layers = ModuleList((0..<config.numHiddenLayers).map { _ in BertLayer(config, rng: &rng) })
        super.init()
        register("layer", layers)
    }

    public func callAsFunction(_ x: Tensor, mask: Tensor) -> Tensor {
        var h = x
        for layer in layers.items { h = layer(h, mask: mask) }
        return h
    }
}
