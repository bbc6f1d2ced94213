/// AdamW (decoupled weight decay, Loshchilov & Hutter) over named parameters,
/// in groups that each have their own learning rate and weight decay.
///
/// State exists only for what trains: a parameter trained on a few entries
/// keeps moments for those entries alone, and its other entries are never
/// written — not by the update, not by weight decay.
public final class AdamW {
    public struct Group {
        public var name: String
        public var learningRate: Float
        public var weightDecay: Float
        public var parameters: [(name: String, parameter: Parameter)]

        public init(_ name: String, learningRate: Float, weightDecay: Float, parameters: [(name: String, parameter: Parameter)]) {
            self.name = name
            self.learningRate = learningRate
            self.weightDecay = weightDecay
            self.parameters = parameters
        }
    }

    /// One trainable tensor: a weight (all or some entries) or a multiplier.
    final class Slot {
        let name: String
        let tensor: Tensor
        let indices: [Int]?
        let group: Int
        let m: Tensor
        let v: Tensor

        init(name: String, tensor: Tensor, indices: [Int]?, group: Int) {
            self.name = name
            self.tensor = tensor
            self.indices = indices
            self.group = group
            let n = indices?.count ?? tensor.count
            m = Tensor.zeros([n])
            v = Tensor.zeros([n])
        }
    }

    public var beta1: Float
    public var beta2: Float
    public var eps: Float
    public private(set) var groups: [Group]
    /// Number of updates taken (bias correction uses it; restored with the state).
    public private(set) var step = 0
    let slots: [Slot]

    public init(groups: [Group], beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8) {
        self.groups = groups
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        var slots: [Slot] = []
        for (gi, g) in groups.enumerated() {
            for (name, p) in g.parameters {
                if let mult = p.multiplier {
                    slots.append(Slot(name: name + ".multiplier", tensor: mult, indices: nil, group: gi))
                    continue
                }
                switch p.mode {
                case .frozen: continue
                case .full: slots.append(Slot(name: name, tensor: p.value, indices: nil, group: gi))
                case .entries(let idx): slots.append(Slot(name: name, tensor: p.value, indices: idx, group: gi))
                }
            }
        }
        require(Set(slots.map(\.name)).count == slots.count, "a parameter is in two groups")
        self.slots = slots
    }

    /// Number of scalars that train.
    public var trainableCount: Int { slots.reduce(0) { $0 + ($1.indices?.count ?? $1.tensor.count) } }

    /// Names of the trained tensors, in order.
    public var trainedNames: [String] { slots.map(\.name) }

    public func setLearningRate(_ lr: Float, group: Int) { groups[group].learningRate = lr }

    /// Zeroes the gradients of everything that trains (their buffers are kept).
    public func zeroGrad() {
        for s in slots { s.tensor.grad?.fill(0) }
    }

    /// The global L2 norm of the trained gradient entries.
    public func gradientNorm() -> Float {
        var total = 0.0
        for s in slots {
            guard let g = s.tensor.grad?.data else { continue }
            if let idx = s.indices {
                for i in idx { total += Double(g[i] * g[i]) }
            } else {
                total += Double(VectorMath.dot(s.tensor.count, g, g))
            }
        }
        return Float(total.squareRoot())
    }

    /// Scales gradients so that their global norm is at most `maxNorm`; returns the norm before clipping.
    @discardableResult
    public func clipGradientNorm(_ maxNorm: Float) -> Float {
        let norm = gradientNorm()
        guard norm.isFinite, norm > maxNorm else { return norm }
        let k = maxNorm / (norm + 1e-6)
        for s in slots {
            guard let g = s.tensor.grad else { continue }
            let p = g.data
            VectorMath.map(g.count, p, p) { $0 * k }
        }
        return norm
    }

    /// One update with the current gradients (a missing gradient counts as zero).
    public func update() {
        step += 1
        let b1 = beta1, b2 = beta2, eps = eps
        let c1 = 1 - powf(b1, Float(step)), c2 = 1 - powf(b2, Float(step))
        for s in slots {
            let g = groups[s.group]
            let lr = g.learningRate, decay = 1 - g.learningRate * g.weightDecay
            let p = s.tensor.data, m = s.m.data, v = s.v.data
            let grad = s.tensor.grad?.data
            if let idx = s.indices {
                for (j, i) in idx.enumerated() {
                    let gi = grad?[i] ?? 0
                    m[j] = b1 * m[j] + (1 - b1) * gi
                    v[j] = b2 * v[j] + (1 - b2) * gi * gi
                    p[i] = p[i] * decay - lr * (m[j] / c1) / ((v[j] / c2).squareRoot() + eps)
                }
            } else {
                withZeroedScratch(grad == nil ? s.tensor.count : 0) { zero in
                    let gp = grad ?? zero
                    Parallel.ranges(s.tensor.count, grain: 1 << 15) { r in
                        AdamW.dense(r.count, p + r.lowerBound, gp + r.lowerBound, m + r.lowerBound, v + r.lowerBound,
                                    b1, b2, c1, c2, lr, decay, eps)
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func dense(_ n: Int, _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                              _ v: UnsafeMutablePointer<Float>, _ b1: Float, _ b2: Float, _ c1: Float, _ c2: Float,
                              _ lr: Float, _ decay: Float, _ eps: Float) {
        var i = 0
        while i + 16 <= n {
            let gv = VectorMath.load(g + i)
            let mv = b1 * VectorMath.load(m + i) + (1 - b1) * gv
            let vv = b2 * VectorMath.load(v + i) + (1 - b2) * gv * gv
            VectorMath.store(mv, m + i)
            VectorMath.store(vv, v + i)
            let upd = (mv / c1) / ((vv / c2).squareRoot() + eps)
            VectorMath.store(VectorMath.load(p + i) * decay - lr * upd, p + i)
            i += 16
        }
        while i < n {
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
            p[i] = p[i] * decay - lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
            i += 1
        }
    }

    // MARK: state

    /// The moments as named tensors (`NAME.exp_avg`, `NAME.exp_avg_sq`) and the step, for a checkpoint.
    public func state() -> (tensors: [(String, Tensor)], step: Int) {
        var out: [(String, Tensor)] = []
        for s in slots {
            out.append((s.name + ".exp_avg", s.m))
            out.append((s.name + ".exp_avg_sq", s.v))
        }
        return (out, step)
    }

    /// Restores moments and step saved by `state()` for the same trained set.
    public func restore(tensors: [String: Tensor], step: Int, source: String = "optimizer state") throws(EngineError) {
        for s in slots {
            for (suffix, dst) in [(".exp_avg", s.m), (".exp_avg_sq", s.v)] {
                guard let t = tensors[s.name + suffix] else { throw .missingTensor(name: s.name + suffix, file: source) }
                guard t.count == dst.count else {
                    throw .wrongShape(name: s.name + suffix, expected: dst.shape, found: t.shape, file: source)
                }
                dst.data.update(from: t.data, count: dst.count)
            }
        }
        let expected = Set(slots.flatMap { [$0.name + ".exp_avg", $0.name + ".exp_avg_sq"] })
        if let extra = tensors.keys.sorted().first(where: { !expected.contains($0) }) {
            throw .unexpectedTensor(name: extra, file: source)
        }
        self.step = step
    }
}

import Foundation
