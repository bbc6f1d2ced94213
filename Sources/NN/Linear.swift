import Engine

/// y = x·Wᵀ + b over the last axis. `weight` is (out, in), as PyTorch stores it.
public final class Linear: Module {
    public let weight: Parameter
    public let bias: Parameter?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, rng: inout SeededGenerator) {
        // PyTorch's default: U(−1/√fan_in, 1/√fan_in).
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = Parameter(Tensor.uniform([outFeatures, inFeatures], low: -bound, high: bound, using: &rng))
        self.bias = bias ? Parameter(Tensor.uniform([outFeatures], low: -bound, high: bound, using: &rng)) : nil
        super.init()
        register("weight", weight)
        if let b = self.bias { register("bias", b) }
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.linear(x, weight: weight.tensor, bias: bias?.tensor)
    }
}
