import CVectorKernels
extension Tensor {
    /// Applies a vectorised map in parallel and records `derivative(x, y)` for the backward pass.
    @inline(__always)
    private func unary(_ name: String, _ f: @escaping (Vec) -> Vec, derivative: @escaping (Vec, Vec) -> Vec) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let x = data, y = out.data, n = count
        Parallel.ranges(n, grain: 1 << 14) { r in VectorMath.map(r.count, x + r.lowerBound, y + r.lowerBound, f) }
        return out.record(name, [self]) { out in
            let g = out.grad!.data, y = out.data, d = self.gradData()
            Parallel.ranges(n, grain: 1 << 14) { r in
                let s = r.lowerBound
                VectorMath.zip4(r.count, g + s, x + s, y + s, d + s, d + s) { g, x, y, d in d + g * derivative(x, y) }
            }
        }
    }

    /// x·σ(x), the U-Net's activation: in C kernels built for each instruction-set generation,
    /// since it is among the costliest element-wise operations of a step.
    public func silu() -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let x = data, y = out.data
        Parallel.ranges(count, grain: 1 << 14) { r in ds_silu_forward(x + r.lowerBound, y + r.lowerBound, r.count) }
        return out.record("silu", [self]) { out in
            let g = out.grad!.data, d = self.gradData()
            Parallel.ranges(self.count, grain: 1 << 14) { r in ds_silu_backward(x + r.lowerBound, g + r.lowerBound, d + r.lowerBound, r.count) }
        }
    }

    /// GELU with the exact error function (as BERT uses it).
    public func gelu() -> Tensor {
        unary("gelu", { x in 0.5 * x * (1 + VectorMath.erf(x * 0.7071067811865476)) }) { x, _ in
            let cdf = 0.5 * (1 + VectorMath.erf(x * 0.7071067811865476))
            return cdf + x * 0.3989422804014327 * VectorMath.exp(-0.5 * x * x)
        }
    }

    /// σ(x).
    public func sigmoid() -> Tensor {
        unary("sigmoid", { VectorMath.sigmoid($0) }) { _, y in y * (1 - y) }
    }

    /// tanh(x).
    public func tanh() -> Tensor {
        unary("tanh", { VectorMath.tanh($0) }) { _, y in 1 - y * y }
    }

    /// exp(x).
    public func exp() -> Tensor {
        unary("exp", { VectorMath.exp($0) }) { _, y in y }
    }

    /// Softmax over the last axis.
    public func softmax() -> Tensor {
        let c = shape.last ?? 1, rows = count / max(c, 1)
        let out = Tensor(uninitializedShape: shape)
        let x = data, y = out.data
        Parallel.ranges(rows, grain: max(1, 8192 / max(c, 1))) { r in
            for i in r { Tensor.softmaxRow(x + i * c, y + i * c, c) }
        }
        return out.record("softmax", [self]) { out in
            let g = out.grad!.data, y = out.data, d = self.gradData()
            Parallel.ranges(rows, grain: max(1, 8192 / max(c, 1))) { r in
                for i in r {
                    let s = VectorMath.dot(c, g + i * c, y + i * c)
                    VectorMath.zip3(c, g + i * c, y + i * c, d + i * c, d + i * c) { g, y, d in d + y * (g - s) }
                }
            }
        }
    }

    /// y = softmax(x) over one row of n; a row of −∞ (all masked) gives zeros.
    @inline(__always)
    static func softmaxRow(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        var mx = -Float.infinity
        for j in 0..<n where x[j] > mx { mx = x[j] }
        if mx == -.infinity { y.update(repeating: 0, count: n); return }
        VectorMath.map(n, x, y) { VectorMath.exp($0 - mx) }
        let inv = 1 / VectorMath.sum(n, y)
        VectorMath.map(n, y, y) { $0 * inv }
    }
}
