import Engine

/// Compares the engine's analytic gradients with central finite differences.
///
/// The scalar under test is L = Σ f(inputs) ⊙ R for a fixed random R, so that
/// every output element matters with its own weight (a plain sum would hide
/// errors that cancel). L is accumulated in Double; the perturbation runs in
/// float32, so tolerances are those of a careful float32 check.
public struct GradientCheck {
    public struct Report: CustomStringConvertible {
        /// Worst |analytic − numeric| / (atol + rtol·max(|analytic|, |numeric|)); ≤ 1 passes.
        public var worstRatio: Double = 0
        public var worst: String = "none"
        public var checked = 0
        public var passed: Bool { worstRatio <= 1 && checked > 0 }
        public var description: String { "checked \(checked) entries, worst ratio \(worstRatio) at \(worst)" }
    }

    public var eps: Float = 1e-2
    public var atol: Double = 2e-3
    public var rtol: Double = 2e-2
    /// At most this many entries per input are perturbed (chosen with a seed).
    public var maxEntriesPerInput = 48
    public var seed: UInt64 = 7

    public init(eps: Float = 1e-2, atol: Double = 2e-3, rtol: Double = 2e-2, maxEntriesPerInput: Int = 48) {
        self.eps = eps
        self.atol = atol
        self.rtol = rtol
        self.maxEntriesPerInput = maxEntriesPerInput
    }

    /// Checks ∂L/∂input for every input that requires a gradient.
    public func run(_ inputs: [Tensor], _ f: () -> Tensor) -> Report {
        var rng = SeededGenerator(seed: seed)
        let probe = f()
        let weights = Tensor.randn(probe.shape, using: &rng)
        func loss() -> Double {
            let out = noGrad { f() }
            var s = 0.0
            for i in 0..<out.count { s += Double(out.data[i]) * Double(weights.data[i]) }
            return s
        }
        for t in inputs { t.zeroGrad() }
        let out = f()
        (out * weights).sum().backward()
        var report = Report()
        for (n, t) in inputs.enumerated() where t.requiresGrad {
            let analytic = t.grad?.toArray() ?? [Float](repeating: 0, count: t.count)
            var picks = Array(0..<t.count)
            if picks.count > maxEntriesPerInput {
                picks.shuffle(using: &rng)
                picks = Array(picks.prefix(maxEntriesPerInput))
            }
            for i in picks {
                let saved = t.data[i]
                t.data[i] = saved + eps
                let up = loss()
                t.data[i] = saved - eps
                let down = loss()
                t.data[i] = saved
                let numeric = (up - down) / (2 * Double(eps))
                let a = Double(analytic[i])
                let ratio = abs(a - numeric) / (atol + rtol * max(abs(a), abs(numeric)))
                report.checked += 1
                if ratio > report.worstRatio {
                    report.worstRatio = ratio
                    report.worst = "input \(n) entry \(i): analytic \(a), numeric \(numeric)"
                }
            }
        }
        return report
    }
}

/// Largest |a − b| over two equally long sequences.
public func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "comparing \(a.count) values with \(b.count)")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// A seeded random tensor that requires a gradient.
public func param(_ shape: [Int], seed: UInt64, std: Float = 1) -> Tensor {
    var rng = SeededGenerator(seed: seed)
    return Tensor.randn(shape, std: std, using: &rng, requiresGrad: true)
}
