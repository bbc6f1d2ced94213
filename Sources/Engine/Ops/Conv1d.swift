/// Geometry of a 1-D convolution over channels-last input (B, L, C).
public struct Conv1dGeometry: Equatable, Sendable {
    public var stride = 1
    public var padLeft = 0
    public var padRight = 0
    public var dilation = 1
    public var groups = 1

    public init(stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1) {
        self.stride = stride
        self.padLeft = padding
        self.padRight = padding
        self.dilation = dilation
        self.groups = groups
    }

    /// Output length for input length `l` and kernel size `k`.
    public func outputLength(_ l: Int, kernel k: Int) -> Int {
        (l + padLeft + padRight - dilation * (k - 1) - 1) / stride + 1
    }
}

extension Tensor {
    /// 1-D convolution, channels last. `x` (B, L, Cin), `weight` (Cout, K, Cin/groups),
    /// `bias` (Cout) → (B, Lout, Cout).
    ///
    /// Lowered to im2col and one tall GEMM per group: in channels-last layout each
    /// im2col row is K contiguous copies of a channel vector, so the copy is cheap
    /// and the GEMM sees all B·Lout positions at once.
    public static func conv1d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, _ geo: Conv1dGeometry = .init()) -> Tensor {
        require(x.rank == 3 && weight.rank == 3, "conv1d: input \(x.shape), weight \(weight.shape)")
        let (batch, length, cin) = (x.shape[0], x.shape[1], x.shape[2])
        let (cout, k, cg) = (weight.shape[0], weight.shape[1], weight.shape[2])
        let groups = geo.groups
        require(cin % groups == 0 && cout % groups == 0 && cg == cin / groups,
                     "conv1d: weight \(weight.shape) does not fit \(cin) input channels in \(groups) groups")
        let lout = geo.outputLength(length, kernel: k)
        require(lout > 0, "conv1d: input length \(length) too short for kernel \(k)")
        if groups == cin && cout == cin && cg == 1 && geo.stride == 1 && geo.dilation == 1 && cin > 1 {
            return depthwiseConv1d(x, weight: weight, bias: bias, padLeft: geo.padLeft, padRight: geo.padRight)
        }
        if k == 1 && geo.stride == 1 && geo.padLeft == 0 && geo.padRight == 0 && groups == 1 {
            return linear(x, weight: weight.reshaped([cout, cin]), bias: bias)
        }
        let og = cout / groups, kc = k * cg, rows = batch * lout
        let out = Tensor(uninitializedShape: [batch, lout, cout])
        let py = out.data, pw = weight.data
        if let b = bias { fillRows(py, rows, cout, b.data) }
        var colsPerGroup: [Tensor] = []
        for g in 0..<groups {
            let cols = Tensor(uninitializedShape: [rows, kc])
            im2col(x.data, cols.data, batch, length, cin, lout, k, cg, g * cg, geo)
            Gemm.run(transB: true, m: rows, n: og, k: kc, a: cols.data, lda: kc, b: pw + g * og * kc, ldb: kc,
                     beta: bias == nil ? 0 : 1, c: py + g * og, ldc: cout)
            if weight.requiresGrad && GradMode.isEnabled { colsPerGroup.append(cols) }
        }
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        return out.record("conv1d", inputs) { out in
            let gy = out.grad!.data
            for g in 0..<groups {
                if weight.requiresGrad {
                    Gemm.run(transA: true, m: og, n: kc, k: rows, a: gy + g * og, lda: cout, b: colsPerGroup[g].data, ldb: kc,
                             beta: 1, c: weight.gradData() + g * og * kc, ldc: kc)
                }
                if x.requiresGrad {
                    let dx = x.gradData()
                    withScratch(rows * kc) { dcols in
                        Gemm.run(m: rows, n: kc, k: og, a: gy + g * og, lda: cout, b: pw + g * og * kc, ldb: kc, c: dcols, ldc: kc)
                        col2im(dcols, dx, batch, length, cin, lout, k, cg, g * cg, geo)
                    }
                }
            }
            if let b = bias, b.requiresGrad { addColumnSums(gy, rows, cout, into: b.gradData()) }
        }
    }

    /// cols[b·Lout + o, t·cg + c] = x[b, o·stride − padLeft + t·dilation, c0 + c] (0 outside).
    static func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, _ batch: Int, _ length: Int, _ cin: Int,
                       _ lout: Int, _ k: Int, _ cg: Int, _ c0: Int, _ geo: Conv1dGeometry) {
        let kc = k * cg
        Parallel.ranges(batch * lout, grain: max(1, 8192 / max(kc, 1))) { r in
            for row in r {
                let b = row / lout, o = row % lout
                let dst = cols + row * kc
                for t in 0..<k {
                    let li = o * geo.stride - geo.padLeft + t * geo.dilation
                    if li >= 0 && li < length {
                        (dst + t * cg).update(from: x + (b * length + li) * cin + c0, count: cg)
                    } else {
                        (dst + t * cg).update(repeating: 0, count: cg)
                    }
                }
            }
        }
    }

    /// The adjoint of im2col: dx[b, li, c0 + c] += dcols[…]. Each batch item is one task,
    /// so no two workers write the same row.
    static func col2im(_ dcols: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ batch: Int, _ length: Int, _ cin: Int,
                       _ lout: Int, _ k: Int, _ cg: Int, _ c0: Int, _ geo: Conv1dGeometry) {
        let kc = k * cg
        Parallel.forEach(batch) { b in
            for o in 0..<lout {
                let src = dcols + (b * lout + o) * kc
                for t in 0..<k {
                    let li = o * geo.stride - geo.padLeft + t * geo.dilation
                    if li >= 0 && li < length {
                        VectorMath.add(cg, src + t * cg, into: dx + (b * length + li) * cin + c0)
                    }
                }
            }
        }
    }

    /// Nearest-neighbour upsampling along the length axis: (B, L, C) → (B, L·factor, C).
    public func upsampleNearest(factor: Int) -> Tensor {
        require(rank == 3 && factor >= 1, "upsampleNearest: shape \(shape), factor \(factor)")
        let (batch, length, c) = (shape[0], shape[1], shape[2])
        let out = Tensor(uninitializedShape: [batch, length * factor, c])
        let x = data, y = out.data
        Parallel.ranges(batch * length, grain: max(1, 16_384 / max(c * factor, 1))) { r in
            for row in r { for f in 0..<factor { (y + (row * factor + f) * c).update(from: x + row * c, count: c) } }
        }
        return out.record("upsample", [self]) { out in
            let g = out.grad!.data, d = self.gradData()
            Parallel.ranges(batch * length, grain: max(1, 16_384 / max(c * factor, 1))) { r in
                for row in r { for f in 0..<factor { VectorMath.add(c, g + (row * factor + f) * c, into: d + row * c) } }
            }
        }
    }
}
