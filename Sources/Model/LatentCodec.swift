import Engine
import NN
import SpectrogramSettings

/// The latent codec: a 1-D convolutional autoencoder between normalised log-mel
/// frames (B, T, 80) and latent frames (B, T/4, 32) on which diffusion runs.
/// Latents are multiplied by `config.codec.latentScale` on the way out of the
/// encoder (and divided on the way into the decoder) so that they have unit variance.
public final class LatentCodec: Module {
    public let config: ModelConfiguration
    public let encoder: CodecEncoder
    public let decoder: CodecDecoder

    public init(_ config: ModelConfiguration, seed: UInt64 = 0) {
        self.config = config
        var rng = SeededGenerator(seed: seed)
        encoder = CodecEncoder(config, rng: &rng)
        decoder = CodecDecoder(config, rng: &rng)
        super.init()
        register("encoder", encoder)
        register("decoder", decoder)
    }

    /// This codec with `blocks` residual blocks in each decoder stage: every weight it has copied,
    /// each new block's last convolution zero, so that the block starts as the identity and the
    /// grown codec computes exactly what this one does — more room to learn, the same start.
    public func growingDecoder(to blocks: Int) -> LatentCodec {
        require(blocks >= config.codec.decoderResBlocks, "a decoder grows: \(blocks) blocks per stage, it has \(config.codec.decoderResBlocks)")
        var c = config
        c.codec.decoderResBlocksPerStage = blocks == c.codec.resBlocksPerStage ? nil : blocks
        let grown = LatentCodec(c, seed: 0xDEC0DE)
        let mine = Dictionary(uniqueKeysWithValues: namedParameters().map { ($0.name, $0.parameter) })
        for (name, p) in grown.namedParameters() {
            if let old = mine[name] {
                p.value.assign(old.value)
            } else if name.hasSuffix(".conv2.weight") || name.hasSuffix(".conv2.bias") {
                p.value.fill(0)
            }
        }
        return grown
    }

    /// Frame count the codec needs: a multiple of its downsampling factor.
    public var frameMultiple: Int { config.latentDownsampling }

    /// (B, T, mels) → (B, T/4, latent), scaled to unit variance.
    public func encode(_ mel: Tensor) -> Tensor {
        require(mel.shape[1] % frameMultiple == 0, "LatentCodec: \(mel.shape[1]) mel frames, need a multiple of \(frameMultiple)")
        return encoder(mel) * config.codec.latentScale
    }

    /// (B, T/4, latent) → (B, T, mels).
    public func decode(_ latent: Tensor) -> Tensor {
        decoder(latent * (1 / config.codec.latentScale))
    }
}

public final class CodecEncoder: Module {
    let convIn: Conv1d
    let stages: ModuleList<CodecStage>
    let normOut: GroupNorm
    let convOut: Conv1d

    init(_ config: ModelConfiguration, rng: inout SeededGenerator) {
        let c = config.codec, mels = config.spectrogram.melBands
        convIn = Conv1d(mels, c.channels[0], kernel: 3, padding: 1, rng: &rng)
        stages = ModuleList(c.channels.enumerated().map { i, ch in
            CodecStage(inChannels: i == 0 ? c.channels[0] : c.channels[i - 1], channels: ch, blocks: c.resBlocksPerStage,
                       groups: c.groups, resample: .down, rng: &rng)
        })
        let last = c.channels.last!
        normOut = GroupNorm(groups: min(c.groups, last), channels: last)
        convOut = Conv1d(last, c.latentChannels, kernel: 3, padding: 1, rng: &rng)
        super.init()
        register("conv_in", convIn)
        register("stages", stages)
        register("norm_out", normOut)
        register("conv_out", convOut)
    }

    /// (B, T, mels) → unscaled latents (B, T/4, latent).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var h = convIn(x)
        for s in stages.items { h = s(h) }
        return convOut(normOut(h).silu())
    }
}

public final class CodecDecoder: Module {
    let convIn: Conv1d
    let stages: ModuleList<CodecStage>
    let normOut: GroupNorm
    let convOut: Conv1d

    init(_ config: ModelConfiguration, rng: inout SeededGenerator) {
        let c = config.codec, mels = config.spectrogram.melBands
        let rev = Array(c.channels.reversed())
        convIn = Conv1d(c.latentChannels, rev[0], kernel: 3, padding: 1, rng: &rng)
        stages = ModuleList(rev.enumerated().map { i, ch in
            CodecStage(inChannels: i == 0 ? rev[0] : rev[i - 1], channels: ch, blocks: c.decoderResBlocks,
                       groups: c.groups, resample: .up, rng: &rng)
        })
        normOut = GroupNorm(groups: min(c.groups, rev.last!), channels: rev.last!)
        convOut = Conv1d(rev.last!, mels, kernel: 3, padding: 1, rng: &rng)
        super.init()
        register("conv_in", convIn)
        register("stages", stages)
        register("norm_out", normOut)
        register("conv_out", convOut)
    }

    /// Unscaled latents (B, T/4, latent) → (B, T, mels).
    public func callAsFunction(_ z: Tensor) -> Tensor {
        var h = convIn(z)
        for s in stages.items { h = s(h) }
        return convOut(normOut(h).silu())
    }
}

/// Residual blocks and a ×2 change of frame rate: a strided convolution down, or
/// nearest-neighbour repetition and a convolution up.
public final class CodecStage: Module {
    public enum Resample: Sendable { case down, up }
    let res: ModuleList<ResBlock>
    let resample: Conv1d
    let direction: Resample

    public init(inChannels: Int, channels: Int, blocks: Int, groups: Int, resample: Resample, rng: inout SeededGenerator) {
        direction = resample
        res = ModuleList((0..<blocks).map { j in
            ResBlock(inChannels: j == 0 ? inChannels : channels, outChannels: channels, timeChannels: nil, groups: groups, rng: &rng)
        })
        self.resample = resample == .down
            ? Conv1d(channels, channels, kernel: 3, stride: 2, padding: 1, rng: &rng)
            : Conv1d(channels, channels, kernel: 3, padding: 1, rng: &rng)
        super.init()
        register("res", res)
        register(resample == .down ? "downsample" : "upsample", self.resample)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        var h = x
        for r in res.items { h = r(h) }
        return direction == .down ? resample(h) : resample(h.upsampleNearest(factor: 2))
    }
}
