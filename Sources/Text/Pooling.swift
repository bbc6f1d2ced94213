import Engine

/// Sentence vectors from hidden states, as sentence-transformers makes them for
/// all-MiniLM-L6-v2: the mean over real tokens (`[CLS]` and `[SEP]` included),
/// then L2-normalised. Both steps are differentiable.
public enum Pooling {
    /// Σ_t h[b,t]·m[b,t] / max(Σ_t m[b,t], 1e-9): `hidden` (B, L, D), `mask` (B, L) → (B, D).
    public static func maskedMean(_ hidden: Tensor, mask: Tensor) -> Tensor {
        require(hidden.rank == 3 && mask.shape == Array(hidden.shape.prefix(2)), "maskedMean: hidden \(hidden.shape), mask \(mask.shape)")
        let (b, l) = (hidden.shape[0], hidden.shape[1])
        let sums = (hidden * mask.reshaped([b, l, 1])).sum(axis: 1)
        // The counts are constants; only the states carry gradients.
        let counts = noGrad { mask.sum(axis: 1, keepDims: true) }
        for i in 0..<b { counts.data[i] = max(counts.data[i], 1e-9) }
        return sums / counts
    }

    /// x / ‖x‖ over the last axis.
    ///
    /// The original divides by max(‖x‖, 1e-12); this divides by √(‖x‖² + 1e-24),
    /// the same for any vector longer than about 1e-11 and smooth everywhere.
    public static func l2Normalized(_ x: Tensor) -> Tensor {
        x / (x.square().sum(axis: -1, keepDims: true) + 1e-24).sqrt()
    }

    /// Cosine similarity of two equally long vectors, in double precision.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        require(a.count == b.count, "cosine of \(a.count) and \(b.count) values")
        var ab = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) {
            ab += Double(x) * Double(y)
            aa += Double(x) * Double(x)
            bb += Double(y) * Double(y)
        }
        return ab / max((aa * bb).squareRoot(), 1e-30)
    }
}
