import Engine

/// Group normalisation over channels-last (B, L, C) with a learned per-channel affine.
public final class GroupNorm: Module {
    public let groups: Int
    public let eps: Float
    public let weight: Parameter
    public let bias: Parameter

    public init(groups: Int, channels: Int, eps: Float = 1e-5) {
        require(channels % groups == 0, "groupNorm: \(groups) groups do not divide \(channels) channels")
        self.groups = groups
        self.eps = eps
        weight = Parameter(Tensor.ones([channels]))
        bias = Parameter(Tensor.zeros([channels]))
        super.init()
        register("weight", weight)
        register("bias", bias)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.groupNorm(x, groups: groups, weight: weight.tensor, bias: bias.tensor, eps: eps)
    }
}

/// Layer normalisation over the last axis with a learned affine.
public final class LayerNorm: Module {
    public let eps: Float
    public let weight: Parameter
    public let bias: Parameter

    public init(_ features: Int, eps: Float = 1e-5) {
        self.eps = eps
        weight = Parameter(Tensor.ones([features]))
        bias = Parameter(Tensor.zeros([features]))
        super.init()
        register("weight", weight)
        register("bias", bias)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.layerNorm(x, weight: weight.tensor, bias: bias.tensor, eps: eps)
    }
}
