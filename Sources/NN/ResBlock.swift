import Engine

/// Residual block of a diffusion U-Net: GroupNorm → SiLU → conv(k=3), plus the
/// projected time embedding (when the block has one; the codec's do not),
/// GroupNorm → SiLU → conv(k=3), added to the input (through a 1×1 conv when
/// the channel count changes).
public final class ResBlock: Module {
    public let norm1: GroupNorm
    public let conv1: Conv1d
    public let timeProj: Linear?
    public let norm2: GroupNorm
    public let conv2: Conv1d
    public let skip: Conv1d?

    public init(inChannels: Int, outChannels: Int, timeChannels: Int?, groups: Int = 32, rng: inout SeededGenerator) {
        norm1 = GroupNorm(groups: min(groups, inChannels), channels: inChannels)
        conv1 = Conv1d(inChannels, outChannels, kernel: 3, padding: 1, rng: &rng)
        timeProj = timeChannels.map { Linear($0, outChannels, rng: &rng) }
        norm2 = GroupNorm(groups: min(groups, outChannels), channels: outChannels)
        conv2 = Conv1d(outChannels, outChannels, kernel: 3, padding: 1, rng: &rng)
        skip = inChannels == outChannels ? nil : Conv1d(inChannels, outChannels, kernel: 1, rng: &rng)
        super.init()
        register("norm1", norm1)
        register("conv1", conv1)
        if let t = timeProj { register("time_proj", t) }
        register("norm2", norm2)
        register("conv2", conv2)
        if let s = skip { register("skip", s) }
    }

    /// `x` (B, L, Cin), `time` (B, T) → (B, L, Cout).
    public func callAsFunction(_ x: Tensor, time: Tensor? = nil) -> Tensor {
        var h = conv1(norm1(x).silu())
        if let proj = timeProj, let time {
            let t = proj(time.silu())
            h = h + t.reshaped([t.shape[0], 1, t.shape[1]])
        }
        h = conv2(norm2(h).silu())
        return (skip?(x) ?? x) + h
    }
}
