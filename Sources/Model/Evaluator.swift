import Engine
import NN
import SpectrogramSettings

/// The evaluator ("CLAP"): an audio encoder (convolutions over log-mel, pooled
/// over time) and a projection of the frozen text encoder's mean-pooled
/// embedding into one shared space, trained contrastively so that matching
/// audio and captions have high cosine similarity.
public final class Evaluator: Module {
    public struct Settings: Codable, Sendable, Equatable {
        public var channels = [128, 192, 256]
        public var embedding = 256
        public var groups = 32
        public init() {}
    }

    public let settings: Settings
    public let audioIn: Conv1d
    public let audioStages: ModuleList<CodecStage>
    public let audioNorm: GroupNorm
    public let audioProj: Linear
    public let textProj1: Linear
    public let textProj2: Linear
    /// log of the InfoNCE logit scale (CLIP's learned temperature), initialised to ln(1/0.07).
    public let logitScale: Parameter

    public init(_ config: ModelConfiguration, settings: Settings = Settings(), seed: UInt64 = 0) {
        self.settings = settings
        var rng = SeededGenerator(seed: seed)
        let ch = settings.channels
        audioIn = Conv1d(config.spectrogram.melBands, ch[0], kernel: 3, padding: 1, rng: &rng)
        audioStages = ModuleList(ch.enumerated().map { i, c in
            CodecStage(inChannels: i == 0 ? ch[0] : ch[i - 1], channels: c, blocks: 1, groups: settings.groups, resample: .down, rng: &rng)
        })
        audioNorm = GroupNorm(groups: min(settings.groups, ch.last!), channels: ch.last!)
        audioProj = Linear(ch.last!, settings.embedding, rng: &rng)
        textProj1 = Linear(config.text.hiddenSize, settings.embedding, rng: &rng)
        textProj2 = Linear(settings.embedding, settings.embedding, rng: &rng)
        logitScale = Parameter(Tensor([Float(2.659_26)], shape: [1]))
        super.init()
        register("audio_in", audioIn)
        register("audio_stages", audioStages)
        register("audio_norm", audioNorm)
        register("audio_proj", audioProj)
        register("text_proj_1", textProj1)
        register("text_proj_2", textProj2)
        register("logit_scale", logitScale)
    }

    /// Normalised log-mel (B, T, mels) → unit-length embeddings (B, E).
    public func embedAudio(_ mel: Tensor) -> Tensor {
        var h = audioIn(mel)
        for s in audioStages.items { h = s(h) }
        return Evaluator.unit(audioProj(audioNorm(h).silu().mean(axis: 1)))
    }

    /// Mean-pooled text-encoder embeddings (B, hidden) → unit-length embeddings (B, E).
    public func embedText(_ pooled: Tensor) -> Tensor {
        Evaluator.unit(textProj2(textProj1(pooled).gelu()))
    }

    /// Symmetric InfoNCE over a batch of matching (audio, text) pairs.
    public func contrastiveLoss(audio: Tensor, text: Tensor) -> Tensor {
        let b = audio.shape[0]
        // The scale is capped at 100, as CLIP does, to keep training stable.
        let scale = logitScale.tensor.exp()
        let logits = Tensor.matmul(audio, text, transposeB: true) * scale
        let targets = Array(0..<b)
        let a2t = Tensor.crossEntropy(logits, targets: targets)
        let t2a = Tensor.crossEntropy(logits.transposedLast(), targets: targets)
        return (a2t + t2a) * 0.5
    }

    /// Keeps the learned temperature within CLIP's bound (scale ≤ 100).
    public func clampScale() {
        logitScale.value.data[0] = min(logitScale.value.data[0], 4.605_17)
    }

    /// Rows divided by their L2 norm.
    public static func unit(_ x: Tensor) -> Tensor {
        x / (x.square().sum(axis: -1, keepDims: true) + 1e-12).sqrt()
    }
}
