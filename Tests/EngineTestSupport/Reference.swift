import Engine

/// Plain, obviously-correct loops that the engine's fast kernels are compared with.
public enum Reference {
    /// out[b, o, co] = bias[co] + Σ_t Σ_c x[b, o·s − p + t·d, g·cg + c] · w[co, t, c]
    public static func conv1d(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ geo: Conv1dGeometry) -> [Float] {
        let (bN, l, cin) = (x.shape[0], x.shape[1], x.shape[2])
        let (cout, k, cg) = (w.shape[0], w.shape[1], w.shape[2])
        let og = cout / geo.groups
        let lout = geo.outputLength(l, kernel: k)
        var out = [Float](repeating: 0, count: bN * lout * cout)
        for b in 0..<bN { for o in 0..<lout { for co in 0..<cout {
            let g = co / og
            var s = Double(bias?[co] ?? 0)
            for t in 0..<k {
                let li = o * geo.stride - geo.padLeft + t * geo.dilation
                guard li >= 0 && li < l else { continue }
                for c in 0..<cg { s += Double(x[b, li, g * cg + c]) * Double(w[co, t, c]) }
            }
            out[(b * lout + o) * cout + co] = Float(s)
        } } }
        _ = cin
        return out
    }

    /// Multi-head attention, one (batch, head) at a time, in Double.
    public static func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, heads: Int, mask: [[Bool]]? = nil) -> [Float] {
        let (bN, lq, c) = (q.shape[0], q.shape[1], q.shape[2])
        let lk = k.shape[1], cv = v.shape[2]
        let dk = c / heads, dv = cv / heads
        var out = [Float](repeating: 0, count: bN * lq * cv)
        for b in 0..<bN { for h in 0..<heads { for i in 0..<lq {
            var scores = [Double](repeating: -.infinity, count: lk)
            for j in 0..<lk where mask?[b][j] ?? true {
                var s = 0.0
                for d in 0..<dk { s += Double(q[b, i, h * dk + d]) * Double(k[b, j, h * dk + d]) }
                scores[j] = s / Double(dk).squareRoot()
            }
            let mx = scores.max()!
            guard mx > -.infinity else { continue }
            let e = scores.map { $0 == -.infinity ? 0 : Foundation.exp($0 - mx) }
            let z = e.reduce(0, +)
            for d in 0..<dv {
                var s = 0.0
                for j in 0..<lk { s += e[j] / z * Double(v[b, j, h * dv + d]) }
                out[(b * lq + i) * cv + h * dv + d] = Float(s)
            }
        } } }
        return out
    }

    /// Group norm over (B, L, C) in Double.
    public static func groupNorm(_ x: Tensor, groups: Int, _ w: Tensor, _ bias: Tensor, eps: Double) -> [Float] {
        let (bN, l, c) = (x.shape[0], x.shape[1], x.shape[2])
        let cg = c / groups
        var out = [Float](repeating: 0, count: x.count)
        for b in 0..<bN { for g in 0..<groups {
            var vals: [Double] = []
            for i in 0..<l { for j in 0..<cg { vals.append(Double(x[b, i, g * cg + j])) } }
            let m = vals.reduce(0, +) / Double(vals.count)
            let v = vals.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(vals.count)
            for i in 0..<l { for j in 0..<cg {
                let ch = g * cg + j
                out[(b * l + i) * c + ch] = Float((Double(x[b, i, ch]) - m) / (v + eps).squareRoot() * Double(w[ch]) + Double(bias[ch]))
            } }
        } }
        return out
    }

    /// C = A·B for row-major (m×k)·(k×n), in Double.
    public static func matmul(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n {
            var s = 0.0
            for t in 0..<k { s += Double(a[i * k + t]) * Double(b[t * n + j]) }
            c[i * n + j] = Float(s)
        } }
        return c
    }
}

import Foundation
