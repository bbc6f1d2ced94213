import Engine

/// Pre-norm transformer block of a diffusion U-Net: self-attention over the
/// music frames (`attn1`), cross-attention to the text (`attn2`), feed-forward
/// (`ff`), each added back to its input.
public final class TransformerBlock: Module {
    public let norm1: LayerNorm
    public let attn1: Attention
    public let norm2: LayerNorm
    public let attn2: Attention
    public let norm3: LayerNorm
    public let ff: FeedForward

    public init(channels: Int, contextChannels: Int, heads: Int, feedForward: Int, rng: inout SeededGenerator) {
        norm1 = LayerNorm(channels)
        attn1 = Attention(channels: channels, heads: heads, rng: &rng)
        norm2 = LayerNorm(channels)
        attn2 = Attention(channels: channels, contextChannels: contextChannels, heads: heads, rng: &rng)
        norm3 = LayerNorm(channels)
        ff = FeedForward(channels: channels, inner: feedForward, rng: &rng)
        super.init()
        register("norm1", norm1)
        register("attn1", attn1)
        register("norm2", norm2)
        register("attn2", attn2)
        register("norm3", norm3)
        register("ff", ff)
    }

    /// `x` (B, L, C), `context` (B, S, D), `contextMask` (B, S).
    public func callAsFunction(_ x: Tensor, context: Tensor, contextMask: Tensor? = nil) -> Tensor {
        var h = x + attn1(norm1(x))
        h = h + attn2(norm2(h), context: context, contextMask: contextMask)
        return h + ff(norm3(h))
    }
}
