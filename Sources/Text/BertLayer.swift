import Engine
import NN

/// One post-norm BERT transformer layer (`encoder.layer.N.*`), with the module
/// names of the Hugging Face checkpoint so that loading is strict:
///
///     attention.self.{query,key,value}     attention.output.{dense,LayerNorm}
///     intermediate.dense                   output.{dense,LayerNorm}
///
/// h' = LN(h + dense(attention(h)));  out = LN(h' + dense(gelu(dense(h')))).
/// Every projection is one GEMM over all B·L rows.
public final class BertLayer: Module {
    public let attention: BertAttention
    public let intermediate: BertDense
    public let output: BertDense

    init(_ config: BertConfiguration, rng: inout SeededGenerator) {
        let (d, ff, eps) = (config.hiddenSize, config.intermediateSize, Float(config.layerNormEps))
        attention = BertAttention(hidden: d, heads: config.numAttentionHeads, eps: eps, rng: &rng)
        intermediate = BertDense(d, ff, layerNormEps: nil, rng: &rng)
        output = BertDense(ff, d, layerNormEps: eps, rng: &rng)
        super.init()
        register("attention", attention)
        register("intermediate", intermediate)
        register("output", output)
    }

    /// `x` (B, L, D), `mask` (B, L) with 1 at real tokens → (B, L, D).
    public func callAsFunction(_ x: Tensor, mask: Tensor) -> Tensor {
        let h = attention(x, mask: mask)
        return output(intermediate(h).gelu(), residual: h)
    }
}

/// Self-attention and its output projection (`attention.self`, `attention.output`).
public final class BertAttention: Module {
    public let selfAttention: BertSelfAttention
    public let output: BertDense

    init(hidden: Int, heads: Int, eps: Float, rng: inout SeededGenerator) {
        selfAttention = BertSelfAttention(hidden: hidden, heads: heads, rng: &rng)
        output = BertDense(hidden, hidden, layerNormEps: eps, rng: &rng)
        super.init()
        register("self", selfAttention)
        register("output", output)
    }

    public func callAsFunction(_ x: Tensor, mask: Tensor) -> Tensor {
        output(selfAttention(x, mask: mask), residual: x)
    }
}

/// Multi-head scaled dot-product self-attention over (B, L, D), padding keys masked.
public final class BertSelfAttention: Module {
    public let heads: Int
    public let query: Linear
    public let key: Linear
    public let value: Linear

    init(hidden: Int, heads: Int, rng: inout SeededGenerator) {
        self.heads = heads
        query = Linear(hidden, hidden, rng: &rng)
        key = Linear(hidden, hidden, rng: &rng)
        value = Linear(hidden, hidden, rng: &rng)
        super.init()
        register("query", query)
        register("key", key)
        register("value", value)
    }

    public func callAsFunction(_ x: Tensor, mask: Tensor) -> Tensor {
        // The fused kernel reads heads as column blocks: no transposes. A masked key
        // gets weight exactly 0, as the original's additive −3.4e38 gives after softmax.
        Tensor.attention(q: query(x), k: key(x), v: value(x), heads: heads, keyMask: mask)
    }
}

/// `dense`, then — when it has a `LayerNorm` — the residual added and normalised:
/// the shape shared by BERT's `attention.output`, `intermediate` and `output`.
public final class BertDense: Module {
    public let dense: Linear
    public let layerNorm: LayerNorm?

    init(_ inFeatures: Int, _ outFeatures: Int, layerNormEps: Float?, rng: inout SeededGenerator) {
        dense = Linear(inFeatures, outFeatures, rng: &rng)
        layerNorm = layerNormEps.map { LayerNorm(outFeatures, eps: $0) }
        super.init()
        register("dense", dense)
        if let n = layerNorm { register("LayerNorm", n) }
    }

    /// dense(x) alone.
    public func callAsFunction(_ x: Tensor) -> Tensor { dense(x) }

    /// LayerNorm(dense(x) + residual).
    public func callAsFunction(_ x: Tensor, residual: Tensor) -> Tensor {
        require(layerNorm != nil, "BertDense without LayerNorm called with a residual")
        return layerNorm!(dense(x) + residual)
    }
}
