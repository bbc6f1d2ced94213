import Engine

/// 1-D convolution over channels-last input (B, L, C). `weight` is (out, K, in/groups).
public final class Conv1d: Module {
    public let weight: Parameter
    public let bias: Parameter?
    public let geometry: Conv1dGeometry

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                dilation: Int = 1, groups: Int = 1, bias: Bool = true, rng: inout SeededGenerator) {
        require(inChannels % groups == 0 && outChannels % groups == 0, "conv1d: \(groups) groups for \(inChannels)→\(outChannels)")
        let fanIn = inChannels / groups * kernel
        let bound = 1 / Float(fanIn).squareRoot()
        weight = Parameter(Tensor.uniform([outChannels, kernel, inChannels / groups], low: -bound, high: bound, using: &rng))
        self.bias = bias ? Parameter(Tensor.uniform([outChannels], low: -bound, high: bound, using: &rng)) : nil
        geometry = Conv1dGeometry(stride: stride, padding: padding, dilation: dilation, groups: groups)
        super.init()
        register("weight", weight)
        if let b = self.bias { register("bias", b) }
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.conv1d(x, weight: weight.tensor, bias: bias?.tensor, geometry)
    }
}
