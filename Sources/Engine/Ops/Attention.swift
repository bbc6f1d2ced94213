extension Tensor {
    /// Multi-head scaled dot-product attention, fused.
    ///
    /// `q` (B, Lq, H·Dk), `k` (B, Lk, H·Dk), `v` (B, Lk, H·Dv) → (B, Lq, H·Dv).
    /// Heads are column blocks of the channel axis, so no transposes are needed:
    /// every per-head product is a strided GEMM. `keyMask` (B, Lk), when given,
    /// marks the keys that may be attended (non-zero) — padding gets zero weight.
    /// The attention probabilities are kept for the backward pass.
    public static func attention(q: Tensor, k: Tensor, v: Tensor, heads: Int, keyMask: Tensor? = nil, scale: Float? = nil) -> Tensor {
        require(q.rank == 3 && k.rank == 3 && v.rank == 3, "attention expects (B, L, C) tensors")
        let (batch, lq, cq) = (q.shape[0], q.shape[1], q.shape[2])
        let (lk, cv) = (k.shape[1], v.shape[2])
        require(k.shape[0] == batch && v.shape[0] == batch && v.shape[1] == lk && k.shape[2] == cq,
                     "attention: q \(q.shape), k \(k.shape), v \(v.shape)")
        require(cq % heads == 0 && cv % heads == 0, "attention: \(heads) heads do not divide \(cq) and \(cv)")
        if let m = keyMask { require(m.shape == [batch, lk], "attention: key mask \(m.shape), expected \([batch, lk])") }
        let dk = cq / heads, dv = cv / heads
        let alpha = scale ?? 1 / Float(dk).squareRoot()
        let out = Tensor(uninitializedShape: [batch, lq, cv])
        let probs = Tensor(uninitializedShape: [batch, heads, lq, lk])
        let pq = q.data, pk = k.data, pv = v.data, po = out.data, pp = probs.data
        let pmask = keyMask?.data
        Parallel.forEach(batch * heads) { bh in
            let b = bh / heads, h = bh % heads
            let p = pp + bh * lq * lk
            Gemm.single(false, true, lq, lk, dk, alpha, pq + b * lq * cq + h * dk, cq, pk + b * lk * cq + h * dk, cq, 0, p, lk)
            if let pmask {
                for j in 0..<lk where pmask[b * lk + j] == 0 { for i in 0..<lq { p[i * lk + j] = -.infinity } }
            }
            for i in 0..<lq { softmaxRow(p + i * lk, p + i * lk, lk) }
            Gemm.single(false, false, lq, dv, lk, 1, p, lk, pv + b * lk * cv + h * dv, cv, 0, po + b * lq * cv + h * dv, cv)
        }
        return out.record("attention", [q, k, v]) { out in
            let g = out.grad!.data
            let pp = probs.data  // the closure holds `probs`, not just its address
            let dq = q.requiresGrad ? q.gradData() : nil
            let dkAll = k.requiresGrad ? k.gradData() : nil
            let dvAll = v.requiresGrad ? v.gradData() : nil
            // One dP scratch per task; tasks write disjoint (b, head) column blocks.
            withScratch(batch * heads * lq * lk) { ps in
            Parallel.forEach(batch * heads) { bh in
                let b = bh / heads, h = bh % heads
                let p = pp + bh * lq * lk, dp = ps + bh * lq * lk
                let gq = g + b * lq * cv + h * dv
                let vh = pv + b * lk * cv + h * dv
                if let dvAll {
                    Gemm.single(true, false, lk, dv, lq, 1, p, lk, gq, cv, 1, dvAll + b * lk * cv + h * dv, cv)
                }
                guard dq != nil || dkAll != nil else { return }
                Gemm.single(false, true, lq, lk, dv, 1, gq, cv, vh, cv, 0, dp, lk)
                // dS = P ⊙ (dP − rowsum(dP ⊙ P))
                for i in 0..<lq {
                    let s = VectorMath.dot(lk, dp + i * lk, p + i * lk)
                    VectorMath.zip(lk, dp + i * lk, p + i * lk, dp + i * lk) { d, p in p * (d - s) }
                }
                if let dq {
                    Gemm.single(false, false, lq, dk, lk, alpha, dp, lk, pk + b * lk * cq + h * dk, cq, 1, dq + b * lq * cq + h * dk, cq)
                }
                if let dkAll {
                    Gemm.single(true, false, lk, dk, lq, alpha, dp, lk, pq + b * lq * cq + h * dk, cq, 1, dkAll + b * lk * cq + h * dk, cq)
                }
            }
            }
        }
    }
}
