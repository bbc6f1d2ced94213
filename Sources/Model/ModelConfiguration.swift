import SpectrogramSettings
import Foundation

/// Every size of the model stack in one place: stages read their dimensions
/// from here, never from constants of their own. Stored beside each checkpoint
/// (`config.json`) so a checkpoint always comes with the shapes it was made for.
public struct ModelConfiguration: Codable, Sendable, Equatable {
    public struct Codec: Codable, Sendable, Equatable {
        /// Channels of the convolution stages, outermost first.
        public var channels = [128, 128]
        public var latentChannels = 32
        /// Each stage halves the frame rate: 2 stages → mel frames / 4.
        public var resBlocksPerStage = 1
        /// The decoder's residual blocks per stage where it has more than the encoder: a decoder
        /// grown over kept latents (`pretrain codec --decoder-of --decoder-res-blocks`). nil: the same.
        public var decoderResBlocksPerStage: Int?
        public var decoderResBlocks: Int { decoderResBlocksPerStage ?? resBlocksPerStage }
        public var groups = 32
        /// Latents are multiplied by this so that they have unit variance (measured after codec training).
        public var latentScale: Float = 1
        public init() {}
    }

    public struct Denoiser: Codable, Sendable, Equatable {
        /// Channels per resolution, highest resolution first.
        public var channels = [128, 192, 192]
        /// Whether each resolution has transformer blocks (the middle always has one).
        public var attention = [false, false, true]
        public var resBlocksPerLevel = 2
        public var heads = 3
        /// Feed-forward inner size as a multiple of the channels.
        public var feedForwardMultiple = 2
        public var timeChannels = 512
        public var groups = 32
        public init() {}
    }

    public struct Diffusion: Codable, Sendable, Equatable {
        public var timesteps = 1000
        /// "scaled_linear" (Stable Diffusion's) or "cosine".
        public var schedule = "scaled_linear"
        public var betaStart = 0.00085
        public var betaEnd = 0.012
        /// Share of training captions replaced by the empty prompt, for classifier-free guidance.
        public var unconditionalRate = 0.1
        public init() {}
    }

    public struct Text: Codable, Sendable, Equatable {
        /// Width of the text encoder's hidden states (MiniLM: 384).
        public var hiddenSize = 384
        /// Prompts are cut to this many tokens, [CLS] and [SEP] included.
        public var maxTokens = 64
        public init() {}
    }

    public var spectrogram = SpectrogramConfig()
    public var codec = Codec()
    public var denoiser = Denoiser()
    public var diffusion = Diffusion()
    public var text = Text()

    public init() {}

    /// Mel frames per latent frame.
    public var latentDownsampling: Int { 1 << codec.channels.count }

    /// Latent frames for `seconds` of audio, rounded up to what the U-Net can take.
    public func latentFrames(seconds: Double) -> Int {
        let mel = Int((seconds * spectrogram.framesPerSecond).rounded(.up))
        let lat = (mel + latentDownsampling - 1) / latentDownsampling
        let m = 1 << (denoiser.channels.count - 1)
        return max(m, (lat + m - 1) / m * m)
    }

    public static func load(_ url: URL) throws -> ModelConfiguration {
        let dec = JSONDecoder()
        dec.keyDecodingStrategy = .convertFromSnakeCase
        return try dec.decode(ModelConfiguration.self, from: Data(contentsOf: url))
    }

    public func encoded() throws -> Data {
        let enc = JSONEncoder()
        enc.keyEncodingStrategy = .convertToSnakeCase
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try enc.encode(self)
    }
}
