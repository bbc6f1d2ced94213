extension Tensor {
    /// Depthwise 1-D convolution, channels last, stride 1: every channel has its own
    /// kernel. `x` (B, L, C), `weight` (C, K, 1) — the layout `conv1d` uses with
    /// groups = C, so the same weights load either way — `bias` (C) → (B, Lout, C)
    /// with Lout = L + padLeft + padRight − K + 1.
    ///
    /// `conv1d` with groups = C would run C GEMMs of one output column each; here each
    /// output row is K fused multiply-adds over a channel vector, which is what a
    /// ConvNeXt block's k = 7 convolution needs to cost next to its pointwise layers.
    public static func depthwiseConv1d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, padLeft: Int, padRight: Int) -> Tensor {
        require(x.rank == 3 && weight.rank == 3, "depthwiseConv1d: input \(x.shape), weight \(weight.shape)")
        let (batch, length, c) = (x.shape[0], x.shape[1], x.shape[2])
        let k = weight.shape[1]
        require(weight.shape == [c, k, 1], "depthwiseConv1d: weight \(weight.shape) for \(c) channels")
        require(bias == nil || bias!.shape == [c], "depthwiseConv1d: bias \(bias!.shape) for \(c) channels")
        require(padLeft >= 0 && padRight >= 0, "depthwiseConv1d: negative padding")
        let lout = length + padLeft + padRight - k + 1
        require(lout > 0, "depthwiseConv1d: input length \(length) too short for kernel \(k)")
        // (K, C): each tap's weights contiguous over channels, so a tap is one vector FMA per row.
        let taps = Tensor(uninitializedShape: [k, c])
        let pw = weight.data, pt = taps.data
        for ch in 0..<c { for t in 0..<k { pt[t * c + ch] = pw[ch * k + t] } }
        let out = Tensor(uninitializedShape: [batch, lout, c])
        let px = x.data, py = out.data
        let pb = bias?.data
        let grain = max(1, 4096 / max(c * k, 1))
        Parallel.ranges(batch * lout, grain: grain) { r in
            for row in r {
                let b = row / lout, o = row % lout
                let y = py + row * c
                if let pb { y.update(from: pb, count: c) } else { y.update(repeating: 0, count: c) }
                for t in 0..<k {
                    let li = o + t - padLeft
                    guard li >= 0 && li < length else { continue }
                    VectorMath.zip3(c, px + (b * length + li) * c, pt + t * c, y, y) { x, w, y in y + x * w }
                }
            }
        }
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return out.record("depthwiseConv1d", inputs) { out in
            let gy = out.grad!.data
            let pt = taps.data  // the closure holds `taps`, not just its address (else the pool reuses it)
            if x.requiresGrad {
                // Gather form: input row li collects from the outputs it fed, so rows never collide.
                let dx = x.gradData()
                Parallel.ranges(batch * length, grain: grain) { r in
                    for row in r {
                        let b = row / length, li = row % length
                        let d = dx + row * c
                        for t in 0..<k {
                            let o = li - t + padLeft
                            guard o >= 0 && o < lout else { continue }
                            VectorMath.zip3(c, gy + (b * lout + o) * c, pt + t * c, d, d) { g, w, d in d + g * w }
                        }
                    }
                }
            }
            if weight.requiresGrad || (bias?.requiresGrad ?? false) {
                // Per worker: partial Σ dy·x per tap (K·C) and Σ dy (C), summed afterwards.
                let parts = Parallel.chunkCount(batch * lout, grain: grain)
                let stride = (k + 1) * c
                withZeroedScratch(parts * stride) { pp in
                    Parallel.chunks(batch * lout, grain: grain) { p, r in
                        let dw = pp + p * stride, db = dw + k * c
                        for row in r {
                            let b = row / lout, o = row % lout
                            let g = gy + row * c
                            VectorMath.add(c, g, into: db)
                            for t in 0..<k {
                                let li = o + t - padLeft
                                guard li >= 0 && li < length else { continue }
                                VectorMath.zip3(c, g, px + (b * length + li) * c, dw + t * c, dw + t * c) { g, x, s in s + g * x }
                            }
                        }
                    }
                    for p in 1..<max(parts, 1) { VectorMath.add(stride, pp + p * stride, into: pp) }
                    if weight.requiresGrad {
                        let gw = weight.gradData()
                        for ch in 0..<c { for t in 0..<k { gw[ch * k + t] += pp[t * c + ch] } }
                    }
                    if let bias, bias.requiresGrad { VectorMath.add(c, pp + k * c, into: bias.gradData()) }
                }
            }
        }
    }
}
