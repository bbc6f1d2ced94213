/// Element-wise arithmetic with NumPy-style broadcasting.
enum BinaryOp {
    case add, sub, mul, div

    @inline(__always)
    func apply(_ x: Vec, _ y: Vec) -> Vec {
        switch self {
        case .add: return x + y
        case .sub: return x - y
        case .mul: return x * y
        case .div: return x / y
        }
    }
}

extension Tensor {
    /// out = a ∘ b over broadcast shapes, no gradient recorded.
    static func binaryKernel(_ a: Tensor, _ b: Tensor, _ op: BinaryOp) -> Tensor {
        let plan: BroadcastPlan
        do { plan = try BroadcastPlan(a.shape, b.shape) } catch { fatalError(error.description) }
        let out = Tensor(uninitializedShape: plan.outShape)
        let pa = a.data, pb = b.data, po = out.data
        let n = plan.inner
        if plan.outerShape.isEmpty || plan.outerCount == 1 {
            // One long run: split it over cores.
            let av = plan.aVector, bv = plan.bVector
            Parallel.ranges(n, grain: 1 << 15) { r in
                let s = r.lowerBound
                switch (av, bv) {
                case (true, true): VectorMath.zip(r.count, pa + s, pb + s, po + s) { op.apply($0, $1) }
                case (true, false): let y = Vec(repeating: pb[0]); VectorMath.map(r.count, pa + s, po + s) { op.apply($0, y) }
                case (false, true): let x = Vec(repeating: pa[0]); VectorMath.map(r.count, pb + s, po + s) { op.apply(x, $0) }
                case (false, false): let v = op.apply(Vec(repeating: pa[0]), Vec(repeating: pb[0]))[0]; (po + s).update(repeating: v, count: r.count)
                }
            }
            return out
        }
        let av = plan.aVector, bv = plan.bVector
        plan.forEachBlock { ao, bo, oo in
            switch (av, bv) {
            case (true, true): VectorMath.zip(n, pa + ao, pb + bo, po + oo) { op.apply($0, $1) }
            case (true, false): let y = Vec(repeating: pb[bo]); VectorMath.map(n, pa + ao, po + oo) { op.apply($0, y) }
            case (false, true): let x = Vec(repeating: pa[ao]); VectorMath.map(n, pb + bo, po + oo) { op.apply(x, $0) }
            case (false, false): let v = op.apply(Vec(repeating: pa[ao]), Vec(repeating: pb[bo]))[0]; (po + oo).update(repeating: v, count: n)
            }
        }
        return out
    }

    /// Adds `grad` (of the broadcast output's shape) into this tensor's gradient,
    /// summing over the dimensions along which this tensor was broadcast.
    func accumulateBroadcastGrad(_ grad: Tensor) {
        if grad.shape == shape { accumulateGrad(grad.data); return }
        let dst = gradData()
        if count == 1 {
            dst[0] += VectorMath.sum(grad.count, grad.data)
            return
        }
        let plan: BroadcastPlan
        do { plan = try BroadcastPlan(shape, grad.shape) } catch { fatalError(error.description) }
        require(plan.outShape == grad.shape, "broadcast gradient \(grad.shape) for \(shape)")
        let n = plan.inner, g = grad.data
        plan.forEachBlock { ao, _, oo in
            if plan.aVector { VectorMath.add(n, g + oo, into: dst + ao) }
            else { dst[ao] += VectorMath.sum(n, g + oo) }
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        binaryKernel(a, b, .add).record("add", [a, b]) { out in
            let g = out.grad!
            if a.requiresGrad { a.accumulateBroadcastGrad(g) }
            if b.requiresGrad { b.accumulateBroadcastGrad(g) }
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        binaryKernel(a, b, .sub).record("sub", [a, b]) { out in
            let g = out.grad!
            if a.requiresGrad { a.accumulateBroadcastGrad(g) }
            if b.requiresGrad { b.accumulateBroadcastGrad(noGrad { g * -1 }) }
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        binaryKernel(a, b, .mul).record("mul", [a, b]) { out in
            let g = out.grad!
            noGrad {
                if a.requiresGrad { a.accumulateBroadcastGrad(binaryKernel(g, b, .mul)) }
                if b.requiresGrad { b.accumulateBroadcastGrad(binaryKernel(g, a, .mul)) }
            }
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        binaryKernel(a, b, .div).record("div", [a, b]) { out in
            let g = out.grad!
            noGrad {
                if a.requiresGrad { a.accumulateBroadcastGrad(binaryKernel(g, b, .div)) }
                if b.requiresGrad {
                    // ∂(a/b)/∂b = −(a/b)/b = −out/b
                    let t = binaryKernel(binaryKernel(g, out, .mul), b, .div)
                    b.accumulateBroadcastGrad(t * -1)
                }
            }
        }
    }

    /// a · s + t for scalars s and t, in one pass.
    public func affine(scale s: Float, shift t: Float = 0) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let x = data, y = out.data
        Parallel.ranges(count, grain: 1 << 15) { r in
            VectorMath.map(r.count, x + r.lowerBound, y + r.lowerBound) { $0 * s + t }
        }
        return out.record("affine", [self]) { out in
            let g = out.grad!
            let d = self.gradData(), gp = g.data
            Parallel.ranges(self.count, grain: 1 << 15) { r in
                VectorMath.zip(r.count, gp + r.lowerBound, d + r.lowerBound, d + r.lowerBound) { g, d in d + s * g }
            }
        }
    }

    public static func * (a: Tensor, s: Float) -> Tensor { a.affine(scale: s) }
    public static func * (s: Float, a: Tensor) -> Tensor { a.affine(scale: s) }
    public static func + (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1, shift: s) }
    public static func - (a: Tensor, s: Float) -> Tensor { a.affine(scale: 1, shift: -s) }
    public static prefix func - (a: Tensor) -> Tensor { a.affine(scale: -1) }

    /// x² element-wise.
    public func square() -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let x = data, y = out.data
        Parallel.ranges(count, grain: 1 << 15) { r in VectorMath.map(r.count, x + r.lowerBound, y + r.lowerBound) { $0 * $0 } }
        return out.record("square", [self]) { out in
            let g = out.grad!
            let d = self.gradData()
            VectorMath.zip3(self.count, g.data, x, d, d) { g, x, d in d + 2 * g * x }
        }
    }

    /// √x element-wise.
    public func sqrt() -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let x = data, y = out.data
        Parallel.ranges(count, grain: 1 << 15) { r in VectorMath.map(r.count, x + r.lowerBound, y + r.lowerBound) { $0.squareRoot() } }
        return out.record("sqrt", [self]) { out in
            let g = out.grad!, y = out.data
            let d = self.gradData()
            VectorMath.zip3(self.count, g.data, y, d, d) { g, y, d in d + 0.5 * g / y }
        }
    }
}
