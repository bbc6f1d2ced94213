import Engine
import Foundation

/// Encoded captions, computed once per corpus: the text encoder's last hidden
/// states (padded to the longest caption), their masks, and the mean-pooled
/// embeddings the evaluator uses. Index `count` (one past the captions) holds
/// the empty prompt, the "unconditional" input of classifier-free guidance.
public struct TextFeatures {
    /// (N + 1, S, hidden)
    public let hidden: Tensor
    /// (N + 1, S): 1 for real tokens.
    public let mask: Tensor
    /// (N + 1, hidden)
    public let pooled: Tensor

    public var count: Int { hidden.shape[0] - 1 }
    public var emptyIndex: Int { count }

    /// Encodes captions in batches: `encode` returns (hidden (B, S_b, H), mask (B, S_b), pooled (B, H)).
    public static func build(captions: [String], batch: Int = 64,
                             encode: ([String]) throws -> (Tensor, Tensor, Tensor)) throws -> TextFeatures {
        let all = captions + [""]
        var parts: [(Tensor, Tensor, Tensor)] = []
        var i = 0
        while i < all.count {
            parts.append(try noGrad { try encode(Array(all[i..<min(all.count, i + batch)])) })
            i += batch
        }
        let s = parts.map { $0.0.shape[1] }.max()!, h = parts[0].0.shape[2]
        let hidden = Tensor.zeros([all.count, s, h]), mask = Tensor.zeros([all.count, s]), pooled = Tensor.zeros([all.count, h])
        var row = 0
        for (ph, pm, pp) in parts {
            let b = ph.shape[0], sb = ph.shape[1]
            for r in 0..<b {
                (hidden.data + (row + r) * s * h).update(from: ph.data + r * sb * h, count: sb * h)
                (mask.data + (row + r) * s).update(from: pm.data + r * sb, count: sb)
            }
            (pooled.data + row * h).update(from: pp.data, count: b * h)
            row += b
        }
        return TextFeatures(hidden: hidden, mask: mask, pooled: pooled)
    }

    public init(hidden: Tensor, mask: Tensor, pooled: Tensor) {
        self.hidden = hidden
        self.mask = mask
        self.pooled = pooled
    }

    /// Context and mask for a batch of rows.
    public func gather(_ rows: [Int]) -> (Tensor, Tensor) {
        let s = hidden.shape[1], h = hidden.shape[2]
        let ctx = Tensor(uninitializedShape: [rows.count, s, h]), m = Tensor(uninitializedShape: [rows.count, s])
        for (b, r) in rows.enumerated() {
            (ctx.data + b * s * h).update(from: hidden.data + r * s * h, count: s * h)
            (m.data + b * s).update(from: mask.data + r * s, count: s)
        }
        return (ctx, m)
    }

    public func save(to url: URL, key: String) throws {
        try SafeTensors.write([("hidden", hidden), ("mask", mask), ("pooled", pooled)], to: url, dtype: .f16, metadata: ["key": key])
    }

    public static func load(from url: URL, key: String) -> TextFeatures? {
        guard let f = try? SafeTensors(contentsOf: url), f.metadata["key"] == key,
              let h = try? f.tensor("hidden"), let m = try? f.tensor("mask"), let p = try? f.tensor("pooled") else { return nil }
        return TextFeatures(hidden: h, mask: m, pooled: p)
    }
}
