import Engine
import NN

/// A discriminator over normalised log-mel crops, for a decoder that should keep a sound's texture
/// rather than its average. L1 alone spends a decoder's capacity on the mean of what a latent could
/// be (the round trip kept the family of a sitar and lost its buzz); a critic that tells real mels
/// from decoded ones, and its features matched between the two, push the decoder toward mels that
/// could be real (MelGAN's and HiFi-GAN's losses, here on mel frames instead of waveforms).
///
/// Convolutions over time with every mel band as a channel: the first layer sees a frame's whole
/// spectrum, the strided ones a growing patch of frames; one score per patch of 8 frames.
public final class MelCritic: Module {
    let layers: ModuleList<Conv1d>
    let head: Conv1d

    public init(mels: Int, width: Int = 128, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let shapes = [(mels, width, 1), (width, width, 2), (width, 2 * width, 2), (2 * width, 2 * width, 2)]
        layers = ModuleList(shapes.map { Conv1d($0.0, $0.1, kernel: 5, stride: $0.2, padding: 2, rng: &rng) })
        head = Conv1d(2 * width, 1, kernel: 3, padding: 1, rng: &rng)
        super.init()
        register("layers", layers)
        register("head", head)
    }

    /// (B, T, mels) → the patch scores (B, T/8, 1) and every layer's activations, for feature matching.
    public func callAsFunction(_ mel: Tensor) -> (score: Tensor, features: [Tensor]) {
        var h = mel
        var features: [Tensor] = []
        for l in layers.items {
            h = l(h).silu()
            features.append(h)
        }
        return (head(h), features)
    }
}
