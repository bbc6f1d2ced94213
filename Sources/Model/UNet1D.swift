import Engine
import NN

/// The denoiser: a time-conditioned 1-D U-Net over latent frames (B, L, C),
/// with transformer blocks (self-attention, cross-attention to the text,
/// feed-forward) at the chosen resolutions and in the middle.
///
/// Parameter names follow the layout `down.1.attn.0.attn1.to_v.weight`, so a
/// method selects what it tunes by name: `attn1.to_v` (self-attention values),
/// `attn2.to_k` / `attn2.to_v` (cross-attention keys and values).
public final class UNet1D: Module {
    public let config: ModelConfiguration
    public let convIn: Conv1d
    public let timeEmbed: TimestepEmbedding
    public let down: ModuleList<DownLevel>
    public let mid: MidBlock
    public let up: ModuleList<UpLevel>
    public let normOut: GroupNorm
    public let convOut: Conv1d

    public init(_ config: ModelConfiguration, seed: UInt64 = 0) {
        self.config = config
        var rng = SeededGenerator(seed: seed)
        let d = config.denoiser, ch = d.channels, latent = config.codec.latentChannels, ctx = config.text.hiddenSize
        convIn = Conv1d(latent, ch[0], kernel: 3, padding: 1, rng: &rng)
        timeEmbed = TimestepEmbedding(frequencies: ch[0], channels: d.timeChannels, rng: &rng)
        var skips = [ch[0]]
        var levels: [DownLevel] = []
        var inCh = ch[0]
        for (i, c) in ch.enumerated() {
            let lvl = DownLevel(inChannels: inCh, channels: c, blocks: d.resBlocksPerLevel, attention: d.attention[i],
                                downsample: i < ch.count - 1, config: config, rng: &rng)
            levels.append(lvl)
            inCh = c
            skips += Array(repeating: c, count: d.resBlocksPerLevel) + (i < ch.count - 1 ? [c] : [])
        }
        down = ModuleList(levels)
        mid = MidBlock(channels: inCh, config: config, rng: &rng)
        var ups: [UpLevel] = []
        for i in stride(from: ch.count - 1, through: 0, by: -1) {
            let n = d.resBlocksPerLevel + 1
            let skipChannels = (0..<n).map { _ in skips.removeLast() }
            ups.append(UpLevel(inChannels: inCh, skipChannels: skipChannels, channels: ch[i], attention: d.attention[i],
                               upsample: i > 0, config: config, rng: &rng))
            inCh = ch[i]
        }
        up = ModuleList(ups)
        normOut = GroupNorm(groups: min(d.groups, ch[0]), channels: ch[0])
        convOut = Conv1d(ch[0], latent, kernel: 3, padding: 1, rng: &rng)
        super.init()
        register("conv_in", convIn)
        register("time_embed", timeEmbed)
        register("down", down)
        register("mid", mid)
        register("up", up)
        register("norm_out", normOut)
        register("conv_out", convOut)
        _ = ctx
    }

    /// Predicts the noise in `x` (B, L, latent) at `timesteps` given text `context`
    /// (B, S, hidden) whose real tokens `contextMask` (B, S) marks. L must be a
    /// multiple of 2^(levels−1).
    public func callAsFunction(_ x: Tensor, timesteps: [Float], context: Tensor, contextMask: Tensor?) -> Tensor {
        let m = 1 << (config.denoiser.channels.count - 1)
        require(x.rank == 3 && x.shape[1] % m == 0, "UNet1D: input \(x.shape) needs a length that is a multiple of \(m)")
        let t = timeEmbed(timesteps)
        var h = convIn(x)
        var skips = [h]
        for level in down.items {
            h = level(h, time: t, context: context, contextMask: contextMask, skips: &skips)
        }
        h = mid(h, time: t, context: context, contextMask: contextMask)
        for level in up.items {
            h = level(h, time: t, context: context, contextMask: contextMask, skips: &skips)
        }
        return convOut(normOut(h).silu())
    }
}

/// One resolution of the contracting path.
public final class DownLevel: Module {
    public let res: ModuleList<ResBlock>
    public let attn: ModuleList<TransformerBlock>?
    public let downsample: Conv1d?

    init(inChannels: Int, channels: Int, blocks: Int, attention: Bool, downsample: Bool, config: ModelConfiguration, rng: inout SeededGenerator) {
        let d = config.denoiser
        res = ModuleList((0..<blocks).map { j in
            ResBlock(inChannels: j == 0 ? inChannels : channels, outChannels: channels, timeChannels: d.timeChannels, groups: d.groups, rng: &rng)
        })
        attn = attention ? ModuleList((0..<blocks).map { _ in
            TransformerBlock(channels: channels, contextChannels: config.text.hiddenSize, heads: d.heads,
                             feedForward: d.feedForwardMultiple * channels, rng: &rng)
        }) : nil
        self.downsample = downsample ? Conv1d(channels, channels, kernel: 3, stride: 2, padding: 1, rng: &rng) : nil
        super.init()
        register("res", res)
        if let a = attn { register("attn", a) }
        if let ds = self.downsample { register("downsample", ds) }
    }

    func callAsFunction(_ x: Tensor, time: Tensor, context: Tensor, contextMask: Tensor?, skips: inout [Tensor]) -> Tensor {
        var h = x
        for (j, block) in res.items.enumerated() {
            h = block(h, time: time)
            if let a = attn { h = a[j](h, context: context, contextMask: contextMask) }
            skips.append(h)
        }
        if let ds = downsample {
            h = ds(h)
            skips.append(h)
        }
        return h
    }
}

/// The bottleneck: ResBlock → transformer → ResBlock.
public final class MidBlock: Module {
    public let res: ModuleList<ResBlock>
    public let attn: ModuleList<TransformerBlock>

    init(channels: Int, config: ModelConfiguration, rng: inout SeededGenerator) {
        let d = config.denoiser
        res = ModuleList((0..<2).map { _ in ResBlock(inChannels: channels, outChannels: channels, timeChannels: d.timeChannels, groups: d.groups, rng: &rng) })
        attn = ModuleList([TransformerBlock(channels: channels, contextChannels: config.text.hiddenSize, heads: d.heads,
                                            feedForward: d.feedForwardMultiple * channels, rng: &rng)])
        super.init()
        register("res", res)
        register("attn", attn)
    }

    func callAsFunction(_ x: Tensor, time: Tensor, context: Tensor, contextMask: Tensor?) -> Tensor {
        let h = attn[0](res[0](x, time: time), context: context, contextMask: contextMask)
        return res[1](h, time: time)
    }
}

/// One resolution of the expanding path: each block takes a skip from the contracting path.
public final class UpLevel: Module {
    public let res: ModuleList<ResBlock>
    public let attn: ModuleList<TransformerBlock>?
    public let upsample: Conv1d?

    init(inChannels: Int, skipChannels: [Int], channels: Int, attention: Bool, upsample: Bool, config: ModelConfiguration, rng: inout SeededGenerator) {
        let d = config.denoiser
        res = ModuleList(skipChannels.enumerated().map { j, s in
            ResBlock(inChannels: (j == 0 ? inChannels : channels) + s, outChannels: channels, timeChannels: d.timeChannels, groups: d.groups, rng: &rng)
        })
        attn = attention ? ModuleList(skipChannels.map { _ in
            TransformerBlock(channels: channels, contextChannels: config.text.hiddenSize, heads: d.heads,
                             feedForward: d.feedForwardMultiple * channels, rng: &rng)
        }) : nil
        self.upsample = upsample ? Conv1d(channels, channels, kernel: 3, padding: 1, rng: &rng) : nil
        super.init()
        register("res", res)
        if let a = attn { register("attn", a) }
        if let us = self.upsample { register("upsample", us) }
    }

    func callAsFunction(_ x: Tensor, time: Tensor, context: Tensor, contextMask: Tensor?, skips: inout [Tensor]) -> Tensor {
        var h = x
        for (j, block) in res.items.enumerated() {
            h = block(Tensor.concat([h, skips.removeLast()], axis: 2), time: time)
            if let a = attn { h = a[j](h, context: context, contextMask: contextMask) }
        }
        if let us = upsample { h = us(h.upsampleNearest(factor: 2)) }
        return h
    }
}
