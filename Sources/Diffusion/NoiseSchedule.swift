import Engine
import Foundation

/// The forward process: ᾱ_t, the fraction of signal left after t noising steps.
public struct NoiseSchedule: Sendable, Equatable {
    public let alphasCumprod: [Double]

    public var timesteps: Int { alphasCumprod.count }

    /// "scaled_linear" (Stable Diffusion's: β linear in √β) or "cosine" (Nichol & Dhariwal).
    public init(timesteps: Int = 1000, kind: String = "scaled_linear", betaStart: Double = 0.00085, betaEnd: Double = 0.012) {
        var betas: [Double]
        switch kind {
        case "cosine":
            func f(_ t: Double) -> Double { pow(cos((t / Double(timesteps) + 0.008) / 1.008 * .pi / 2), 2) }
            betas = (0..<timesteps).map { min(0.999, 1 - f(Double($0 + 1)) / f(Double($0))) }
        default:
            let a = betaStart.squareRoot(), b = betaEnd.squareRoot()
            betas = (0..<timesteps).map { i in
                let s = a + (b - a) * Double(i) / Double(max(timesteps - 1, 1))
                return s * s
            }
        }
        var acc = 1.0
        alphasCumprod = betas.map { acc *= 1 - $0; return acc }
    }

    /// ᾱ at step t; t = −1 means clean data (ᾱ = 1).
    public func alphaBar(_ t: Int) -> Double { t < 0 ? 1 : alphasCumprod[t] }

    /// x_t = √ᾱ_t · x₀ + √(1 − ᾱ_t) · ε, per batch item.
    public func addNoise(_ x0: Tensor, noise: Tensor, timesteps: [Int]) -> Tensor {
        require(x0.shape == noise.shape && x0.shape[0] == timesteps.count, "addNoise: \(x0.shape), \(noise.shape), \(timesteps.count) steps")
        let out = Tensor(uninitializedShape: x0.shape)
        let per = x0.count / timesteps.count
        for (b, t) in timesteps.enumerated() {
            let a = Float(alphaBar(t).squareRoot()), s = Float((1 - alphaBar(t)).squareRoot())
            VectorMath.zip(per, x0.data + b * per, noise.data + b * per, out.data + b * per) { x, n in a * x + s * n }
        }
        return out
    }

    /// `count` steps from the noisiest down, evenly spaced and ending at 0 ("trailing" spacing,
    /// which starts from pure noise — Lin et al. 2024).
    public func samplingSteps(_ count: Int) -> [Int] {
        let n = max(1, min(count, timesteps))
        return (0..<n).map { i in Int((Double(timesteps) - Double(i) * Double(timesteps) / Double(n)).rounded()) - 1 }
    }
}
