import Engine

/// A ConvNeXt block over channels-last frames (B, L, C), as Vocos uses it:
/// depthwise conv (k, same length) → LayerNorm → Linear C→hidden → GELU →
/// Linear hidden→C → × layer scale γ → + input.
///
/// The depthwise convolution mixes time cheaply; the pointwise pair carries nearly
/// all the FLOPs as two tall GEMMs. γ starts small (1/blocks) so that a deep stack
/// begins close to the identity and trains without warm-up tricks.
public final class ConvNeXtBlock: Module {
    let dwconv: Conv1d
    let norm: LayerNorm
    let pwconv1: Linear
    let pwconv2: Linear
    public let gamma: Parameter
    let padding: Int

    public init(channels: Int, hidden: Int, kernel: Int = 7, layerScale: Float, rng: inout SeededGenerator) {
        precondition(kernel % 2 == 1, "ConvNeXtBlock: kernel \(kernel) must be odd for a same-length convolution")
        padding = kernel / 2
        dwconv = Conv1d(channels, channels, kernel: kernel, padding: padding, groups: channels, rng: &rng)
        norm = LayerNorm(channels, eps: 1e-6)
        pwconv1 = Linear(channels, hidden, rng: &rng)
        pwconv2 = Linear(hidden, channels, rng: &rng)
        gamma = Parameter(Tensor.full([channels], layerScale))
        super.init()
        register("dwconv", dwconv)
        register("norm", norm)
        register("pwconv1", pwconv1)
        register("pwconv2", pwconv2)
        register("gamma", gamma)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let h = Tensor.depthwiseConv1d(x, weight: dwconv.weight.tensor, bias: dwconv.bias?.tensor, padLeft: padding, padRight: padding)
        return x + pwconv2(pwconv1(norm(h)).gelu()) * gamma.tensor
    }
}
