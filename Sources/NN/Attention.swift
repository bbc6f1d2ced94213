import Engine

/// Multi-head attention with separate, named projections — `to_q`, `to_k`,
/// `to_v`, `to_out` — so that a method can select, freeze or mask any one of
/// them by name. Self-attention when no context is given; cross-attention to
/// `context` (B, S, contextDim) otherwise.
public final class Attention: Module {
    public let heads: Int
    public let toQ: Linear
    public let toK: Linear
    public let toV: Linear
    public let toOut: Linear

    public init(channels: Int, contextChannels: Int? = nil, heads: Int, headChannels: Int? = nil, rng: inout SeededGenerator) {
        let inner = heads * (headChannels ?? channels / heads)
        let ctx = contextChannels ?? channels
        self.heads = heads
        toQ = Linear(channels, inner, bias: false, rng: &rng)
        toK = Linear(ctx, inner, bias: false, rng: &rng)
        toV = Linear(ctx, inner, bias: false, rng: &rng)
        toOut = Linear(inner, channels, rng: &rng)
        super.init()
        register("to_q", toQ)
        register("to_k", toK)
        register("to_v", toV)
        register("to_out", toOut)
    }

    /// `x` (B, L, C); `context` (B, S, D) or nil for self-attention; `contextMask` (B, S) marks real tokens.
    public func callAsFunction(_ x: Tensor, context: Tensor? = nil, contextMask: Tensor? = nil) -> Tensor {
        let c = context ?? x
        let o = Tensor.attention(q: toQ(x), k: toK(c), v: toV(c), heads: heads, keyMask: context == nil ? nil : contextMask)
        return toOut(o)
    }
}

/// Position-wise feed-forward: Linear → GELU → Linear.
public final class FeedForward: Module {
    public let projIn: Linear
    public let projOut: Linear

    public init(channels: Int, inner: Int, rng: inout SeededGenerator) {
        projIn = Linear(channels, inner, rng: &rng)
        projOut = Linear(inner, channels, rng: &rng)
        super.init()
        register("proj_in", projIn)
        register("proj_out", projOut)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { projOut(projIn(x).gelu()) }
}
