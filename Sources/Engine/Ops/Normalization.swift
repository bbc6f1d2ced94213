extension Tensor {
    /// Group normalisation over channels-last input (B, L, C): statistics per batch
    /// item and group of C/groups channels, then a per-channel affine.
    public static func groupNorm(_ x: Tensor, groups: Int, weight: Tensor, bias: Tensor, eps: Float = 1e-5) -> Tensor {
        require(x.rank == 3, "groupNorm expects (B, L, C), got \(x.shape)")
        let (batch, length, c) = (x.shape[0], x.shape[1], x.shape[2])
        require(c % groups == 0 && weight.shape == [c] && bias.shape == [c],
                     "groupNorm: \(c) channels, \(groups) groups, weight \(weight.shape), bias \(bias.shape)")
        let cg = c / groups, n = Float(length * cg)
        let out = Tensor(uninitializedShape: x.shape)
        // Per (b, c): the group's mean and 1/σ, kept for the backward pass.
        let mean = Tensor(uninitializedShape: [batch, c]), rstd = Tensor(uninitializedShape: [batch, c])
        let px = x.data, py = out.data, pm = mean.data, pr = rstd.data, gamma = weight.data, beta = bias.data
        Parallel.forEach(batch) { b in
            let xb = px + b * length * c, yb = py + b * length * c, m = pm + b * c, r = pr + b * c
            // Pass 1: per-channel sums → group means, spread back over the group's channels.
            m.update(repeating: 0, count: c)
            for l in 0..<length { VectorMath.add(c, xb + l * c, into: m) }
            spreadGroupMeans(m, groups: groups, cg: cg, n: n)
            // Pass 2: centred second moments (two passes keep precision for large means).
            r.update(repeating: 0, count: c)
            for l in 0..<length { VectorMath.zip3(c, xb + l * c, m, r, r) { x, m, r in r + (x - m) * (x - m) } }
            spreadGroupMeans(r, groups: groups, cg: cg, n: n)
            for j in 0..<c { r[j] = 1 / (r[j] + eps).squareRoot() }
            // Pass 3: y = x·A + B with A = γ/σ and B = β − μ·γ/σ per channel.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * c) { tmp in
                let a = tmp.baseAddress!, bb = a + c
                for j in 0..<c { a[j] = r[j] * gamma[j]; bb[j] = beta[j] - m[j] * a[j] }
                for l in 0..<length { VectorMath.zip3(c, xb + l * c, a, bb, yb + l * c) { x, a, b in x * a + b } }
            }
        }
        return out.record("groupNorm", [x, weight, bias]) { out in
            let gy = out.grad!.data
            let pm = mean.data, pr = rstd.data  // the closure holds the statistics, not just their addresses
            // Per (b, c): S1 = Σ_l dy and S2 = Σ_l dy·x̂.
            let dxAll = x.requiresGrad ? x.gradData() : nil
            withScratch(batch * 2 * c) { ps in
            Parallel.forEach(batch) { b in
                let xb = px + b * length * c, gb = gy + b * length * c, m = pm + b * c, r = pr + b * c
                let s1 = ps + b * 2 * c, s2 = s1 + c
                s1.update(repeating: 0, count: c)
                s2.update(repeating: 0, count: c)
                for l in 0..<length {
                    VectorMath.add(c, gb + l * c, into: s1)
                    VectorMath.zip4(c, gb + l * c, xb + l * c, m, s2, s2) { g, x, m, s in s + g * (x - m) }
                }
                for j in 0..<c { s2[j] *= r[j] }
                guard let dxAll else { return }
                // dx = r·(γ·dy − mean_g(γ·dy) − x̂·mean_g(γ·dy·x̂)) = A·dy + B·x + C per channel.
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * c) { tmp in
                    let ca = tmp.baseAddress!, cb = ca + c, cc = cb + c
                    for g in 0..<groups {
                        var m1: Float = 0, m2: Float = 0
                        for j in g * cg..<(g + 1) * cg { m1 += gamma[j] * s1[j]; m2 += gamma[j] * s2[j] }
                        m1 /= n; m2 /= n
                        for j in g * cg..<(g + 1) * cg {
                            let rj = r[j]
                            ca[j] = rj * gamma[j]
                            cb[j] = -rj * rj * m2
                            cc[j] = -rj * m1 + m[j] * rj * rj * m2
                        }
                    }
                    let dx = dxAll + b * length * c
                    for l in 0..<length { affineAccumulate(c, gb + l * c, xb + l * c, ca, cb, cc, dx + l * c) }
                }
            }
            if weight.requiresGrad || bias.requiresGrad {
                let dw = weight.requiresGrad ? weight.gradData() : nil, db = bias.requiresGrad ? bias.gradData() : nil
                for b in 0..<batch {
                    if let db { VectorMath.add(c, ps + b * 2 * c, into: db) }
                    if let dw { VectorMath.add(c, ps + b * 2 * c + c, into: dw) }
                }
            }
            }
        }
    }

    /// Replaces each channel's sum by its group's sum divided by `n`.
    @inline(__always)
    private static func spreadGroupMeans(_ v: UnsafeMutablePointer<Float>, groups: Int, cg: Int, n: Float) {
        for g in 0..<groups {
            var s: Float = 0
            for j in 0..<cg { s += v[g * cg + j] }
            for j in 0..<cg { v[g * cg + j] = s / n }
        }
    }

    /// d[j] += a[j]·g[j] + b[j]·x[j] + c[j] over n channels.
    @inline(__always)
    private static func affineAccumulate(_ n: Int, _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ a: UnsafePointer<Float>,
                                         _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 16 <= n {
            let v = VectorMath.load(d + i) + VectorMath.load(a + i) * VectorMath.load(g + i)
                + VectorMath.load(b + i) * VectorMath.load(x + i) + VectorMath.load(c + i)
            VectorMath.store(v, d + i)
            i += 16
        }
        while i < n { d[i] += a[i] * g[i] + b[i] * x[i] + c[i]; i += 1 }
    }

    /// Layer normalisation over the last axis with a per-feature affine.
    public static func layerNorm(_ x: Tensor, weight: Tensor, bias: Tensor, eps: Float = 1e-5) -> Tensor {
        let c = x.shape.last ?? 0
        require(weight.shape == [c] && bias.shape == [c], "layerNorm: input \(x.shape), weight \(weight.shape), bias \(bias.shape)")
        let rows = x.count / max(c, 1)
        let out = Tensor(uninitializedShape: x.shape)
        let stats = Tensor(uninitializedShape: [rows, 2])  // mean, 1/σ
        let px = x.data, py = out.data, pst = stats.data, gamma = weight.data, beta = bias.data
        let grain = max(1, 8192 / max(c, 1))
        Parallel.ranges(rows, grain: grain) { r in
            for i in r {
                let xr = px + i * c
                let mu = VectorMath.sum(c, xr) / Float(c)
                var acc = Vec()
                var j = 0
                while j + 16 <= c { let d = VectorMath.load(xr + j) - mu; acc += d * d; j += 16 }
                var v = acc.sum()
                while j < c { let d = xr[j] - mu; v += d * d; j += 1 }
                let rs = 1 / (v / Float(c) + eps).squareRoot()
                pst[2 * i] = mu; pst[2 * i + 1] = rs
                VectorMath.zip3(c, xr, gamma, beta, py + i * c) { x, g, b in (x - mu) * rs * g + b }
            }
        }
        return out.record("layerNorm", [x, weight, bias]) { out in
            let gy = out.grad!.data
            let pst = stats.data  // the closure holds `stats`, not just its address
            let parts = Parallel.chunkCount(rows, grain: grain)
            // Per worker: partial Σ dy·x̂ and Σ dy for the affine's gradients.
            let dxAll = x.requiresGrad ? x.gradData() : nil
            withZeroedScratch(parts * 2 * c) { pp in
            Parallel.chunks(rows, grain: grain) { p, r in
                let dwp = pp + p * 2 * c, dbp = dwp + c
                for i in r {
                    let xr = px + i * c, gr = gy + i * c
                    let mu = pst[2 * i], rs = pst[2 * i + 1]
                    VectorMath.zip3(c, gr, xr, dwp, dwp) { g, x, s in s + g * (x - mu) * rs }
                    VectorMath.add(c, gr, into: dbp)
                    guard let dxAll else { continue }
                    // m1 = mean(γ·dy), m2 = mean(γ·dy·x̂); dx = r·(γ·dy − m1 − x̂·m2).
                    var a1 = Vec(), a2 = Vec()
                    var j = 0
                    while j + 16 <= c {
                        let gd = VectorMath.load(gr + j) * VectorMath.load(gamma + j)
                        a1 += gd
                        a2 += gd * (VectorMath.load(xr + j) - mu)
                        j += 16
                    }
                    var m1 = a1.sum(), m2 = a2.sum()
                    while j < c { let gd = gr[j] * gamma[j]; m1 += gd; m2 += gd * (xr[j] - mu); j += 1 }
                    m1 /= Float(c); m2 = m2 * rs / Float(c)
                    VectorMath.zip4(c, gr, xr, gamma, dxAll + i * c, dxAll + i * c) { g, x, w, d in
                        d + rs * (g * w - m1 - (x - mu) * rs * m2)
                    }
                }
            }
            for p in 0..<parts {
                if weight.requiresGrad { VectorMath.add(c, pp + p * 2 * c, into: weight.gradData()) }
                if bias.requiresGrad { VectorMath.add(c, pp + p * 2 * c + c, into: bias.gradData()) }
            }
            }
        }
    }
}
