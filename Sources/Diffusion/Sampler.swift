import Engine
import Foundation

/// Which reverse process turns noise into a latent.
public enum SamplerKind: String, Sendable, CaseIterable, Codable {
    /// Ancestral sampling (DDPM), fresh noise at every step.
    case ddpm
    /// Deterministic DDIM (η = 0 by default).
    case ddim
    /// DPM-Solver++(2M): second-order multistep in data prediction, good in 20–25 steps.
    case dpmSolver = "dpm-solver++"
}

/// One step of sampling: the current latent and how far along it is.
public struct SamplerStep {
    public let index: Int
    public let total: Int
    public let timestep: Int
    /// The latent after this step.
    public let latent: Tensor
    /// The model's current guess of the clean latent.
    public let predictedClean: Tensor
}

/// The reverse process as a sequence: each element is one denoising step, so the
/// caller decides about progress, previews and cancelling (stop iterating).
///
/// `predictNoise(x, t)` returns ε̂ for the batch x at step t (classifier-free
/// guidance is applied inside it; see `Guidance`).
public struct Sampler: Sequence {
    public let kind: SamplerKind
    public let schedule: NoiseSchedule
    public let steps: [Int]
    public let initial: Tensor
    public let eta: Float
    public let seed: UInt64
    public let predictNoise: (Tensor, Int) -> Tensor

    public init(kind: SamplerKind, schedule: NoiseSchedule, steps: Int, shape: [Int], seed: UInt64, eta: Float = 0,
                predictNoise: @escaping (Tensor, Int) -> Tensor) {
        self.kind = kind
        self.schedule = schedule
        self.steps = schedule.samplingSteps(steps)
        var rng = SeededGenerator(seed: seed)
        initial = Tensor.randn(shape, using: &rng)
        self.eta = kind == .ddpm ? 1 : eta
        self.seed = seed
        self.predictNoise = predictNoise
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    /// Runs every step and returns the final latent.
    public func run() -> Tensor {
        var last = initial
        for s in self { last = s.latent }
        return last
    }

    public struct Iterator: IteratorProtocol {
        let sampler: Sampler
        var x: Tensor
        var i = 0
        var rng: SeededGenerator
        /// DPM-Solver++ keeps the previous clean prediction and its λ.
        var previousClean: Tensor?
        var previousH: Double?

        init(_ s: Sampler) {
            sampler = s
            x = s.initial
            rng = SeededGenerator(seed: s.seed ^ 0x5EED_5EED)
        }

        public mutating func next() -> SamplerStep? {
            guard i < sampler.steps.count else { return nil }
            let t = sampler.steps[i]
            let prev = i + 1 < sampler.steps.count ? sampler.steps[i + 1] : -1
            let eps = noGrad { sampler.predictNoise(x, t) }
            let sch = sampler.schedule
            let aT = sch.alphaBar(t), aP = sch.alphaBar(prev)
            // x̂₀ = (x − √(1−ᾱ) ε̂) / √ᾱ
            let x0 = Tensor(uninitializedShape: x.shape)
            let sa = Float(aT.squareRoot()), ss = Float((1 - aT).squareRoot())
            VectorMath.zip(x.count, x.data, eps.data, x0.data) { x, e in (x - ss * e) / sa }
            switch sampler.kind {
            case .ddpm, .ddim: x = ddimStep(x0: x0, eps: eps, aT: aT, aP: aP)
            case .dpmSolver: x = dpmSolverStep(x0: x0, aT: aT, aP: aP, last: prev < 0)
            }
            i += 1
            return SamplerStep(index: i - 1, total: sampler.steps.count, timestep: t, latent: x, predictedClean: x0)
        }

        /// x_prev = √ᾱ_prev · x̂₀ + √(1 − ᾱ_prev − σ²) · ε̂ + σ z, σ = η √((1−ᾱ_prev)/(1−ᾱ_t)) √(1 − ᾱ_t/ᾱ_prev).
        mutating func ddimStep(x0: Tensor, eps: Tensor, aT: Double, aP: Double) -> Tensor {
            let sigma = Double(sampler.eta) * ((1 - aP) / (1 - aT)).squareRoot() * (1 - aT / aP).squareRoot()
            let c0 = Float(aP.squareRoot()), ce = Float(Swift.max(0.0, 1 - aP - sigma * sigma).squareRoot())
            let out = Tensor(uninitializedShape: x0.shape)
            VectorMath.zip(out.count, x0.data, eps.data, out.data) { x, e in c0 * x + ce * e }
            if sigma > 0 {
                let s = Float(sigma)
                for j in 0..<out.count { out.data[j] += s * rng.nextNormal() }
            }
            return out
        }

        /// Multistep DPM-Solver++ of order 2 (Lu et al. 2022), first order on the first and last step.
        mutating func dpmSolverStep(x0: Tensor, aT: Double, aP: Double, last: Bool) -> Tensor {
            defer { previousClean = x0 }
            if last { return x0 }
            let alphaT = aT.squareRoot(), sigmaT = (1 - aT).squareRoot()
            let alphaP = aP.squareRoot(), sigmaP = (1 - aP).squareRoot()
            let h = log(alphaP / sigmaP) - log(alphaT / sigmaT)
            var d = x0
            if let prevX0 = previousClean, let hPrev = previousH {
                let r = hPrev / h
                let a = Float(1 + 1 / (2 * r)), b = Float(1 / (2 * r))
                d = Tensor(uninitializedShape: x0.shape)
                VectorMath.zip(d.count, x0.data, prevX0.data, d.data) { c, p in a * c - b * p }
            }
            previousH = h
            let cx = Float(sigmaP / sigmaT), cd = Float(-alphaP * (exp(-h) - 1))
            let out = Tensor(uninitializedShape: x0.shape)
            VectorMath.zip(out.count, x.data, d.data, out.data) { x, d in cx * x + cd * d }
            return out
        }
    }
}
