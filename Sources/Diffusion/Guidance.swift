import Engine

/// Classifier-free guidance: ε̂ = ε̂(∅) + s · (ε̂(text) − ε̂(∅)).
///
/// The conditional and unconditional halves run as one batch of 2B, which keeps
/// the GEMMs tall.
public enum Guidance {
    /// `model(x2B, t) → ε̂` on a doubled batch whose first half is conditional.
    public static func guided(_ x: Tensor, scale: Float, _ model: (Tensor) -> Tensor) -> Tensor {
        if scale == 1 { return model(x) }
        let both = model(Tensor.concat([x, x], axis: 0))
        let b = x.shape[0]
        let cond = both.narrow(axis: 0, start: 0, length: b), uncond = both.narrow(axis: 0, start: b, length: b)
        let out = Tensor(uninitializedShape: x.shape)
        VectorMath.zip(out.count, cond.data, uncond.data, out.data) { c, u in u + scale * (c - u) }
        return out
    }
}
