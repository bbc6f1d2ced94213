import Engine
import Foundation
import NN

/// The diffusion step as a vector: sinusoids of geometrically spaced
/// frequencies (as in DDPM / Stable Diffusion), then a two-layer MLP.
public final class TimestepEmbedding: Module {
    public let frequencies: Int
    public let linear1: Linear
    public let linear2: Linear

    public init(frequencies: Int, channels: Int, rng: inout SeededGenerator) {
        self.frequencies = frequencies
        linear1 = Linear(frequencies, channels, rng: &rng)
        linear2 = Linear(channels, channels, rng: &rng)
        super.init()
        register("linear_1", linear1)
        register("linear_2", linear2)
    }

    /// [cos(t·ω_k), sin(t·ω_k)] with ω_k = 10000^(−k/half), (B, frequencies).
    public static func sinusoids(_ timesteps: [Float], count: Int) -> Tensor {
        let half = count / 2
        let out = Tensor.zeros([timesteps.count, count])
        for (b, t) in timesteps.enumerated() {
            for k in 0..<half {
                let w = Foundation.exp(-Foundation.log(10_000.0) * Double(k) / Double(half))
                out[b, k] = Float(cos(Double(t) * w))
                out[b, half + k] = Float(sin(Double(t) * w))
            }
        }
        return out
    }

    /// (B) timesteps → (B, channels).
    public func callAsFunction(_ timesteps: [Float]) -> Tensor {
        linear2(linear1(TimestepEmbedding.sinusoids(timesteps, count: frequencies)).silu())
    }
}
