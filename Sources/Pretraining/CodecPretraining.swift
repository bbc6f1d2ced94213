import Audio
import Engine
import Foundation
import Model
import Training

/// Stage 1 of pretraining: the latent codec, trained to reconstruct normalised
/// log-mel crops (L1), then its latent scale measured so latents have unit variance.
public struct CodecPretraining {
    public struct Options: Codable, Sendable {
        public var steps = 4000
        public var batch = 32
        /// Crop length in mel frames (256 = 4.1 s).
        public var frames = 256
        public var learningRate: Float = 1e-3
        public var checkpointEvery = 500
        public var seed: UInt64 = 1
        public init() {}
    }

    public var config: ModelConfiguration
    public var options: Options
    /// A decoder-only run starts from this codec and trains its decoder alone: the encoder, and with
    /// it the latent space the denoiser and every concept delta were trained on, stays as it is.
    public var decoderOf: LatentCodec?
    /// What a decoder-only run adds to its L1, each weight 0 for none. Kept in the run's marker, so a
    /// resumed run goes on with the losses it started with.
    public struct DecoderLoss: Codable, Equatable, Sendable {
        /// A `MelCritic`'s least-squares adversarial and feature-matching losses, at HiFi-GAN's
        /// proportions (mel L1 : adversarial : feature matching = 45 : 1 : 2) times this weight. The
        /// critic's weights are in the run's checkpoints, never in the codec.
        public var adversarial: Float = 0
        /// L1 between the differences of neighbouring bands and of neighbouring frames, decoded
        /// against real, times this weight: the fine structure an average smooths away (the codec
        /// halved it above 4 kHz on the sitar recording; docs/codec-v2.md).
        public var fineStructure: Float = 0

        public init(adversarial: Float = 0, fineStructure: Float = 0) {
            self.adversarial = adversarial
            self.fineStructure = fineStructure
        }

        enum CodingKeys: String, CodingKey {
            case adversarial
            case fineStructure = "fine_structure"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            adversarial = try c.decodeIfPresent(Float.self, forKey: .adversarial) ?? 0
            fineStructure = try c.decodeIfPresent(Float.self, forKey: .fineStructure) ?? 0
        }
    }

    public var decoderLoss = DecoderLoss()

    /// A decoder-only run leaves this file in its folder, so a resume keeps the encoder frozen
    /// (and the latent scale as it was) without being told `--decoder-of` again.
    public static let decoderOnlyMarker = "decoder-only.json"

    public static func isDecoderOnly(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(decoderOnlyMarker).path)
    }

    /// The losses a decoder-only run was started with, from its marker (none in an older run's).
    public static func decoderLoss(of folder: URL) -> DecoderLoss {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(decoderOnlyMarker)),
              let loss = try? JSONDecoder().decode(DecoderLoss.self, from: data) else { return DecoderLoss() }
        return loss
    }

    /// L1 between neighbouring bands' and neighbouring frames' differences of (B, T, mels) crops.
    public static func fineStructureL1(_ y: Tensor, _ x: Tensor) -> Tensor {
        Tensor.l1(y.neighbourSteps(axis: 2), x.neighbourSteps(axis: 2)) + Tensor.l1(y.neighbourSteps(axis: 1), x.neighbourSteps(axis: 1))
    }

    public init(config: ModelConfiguration, options: Options) {
        self.config = config
        self.options = options
    }

    /// The normalised value of the clamped floor: what silence looks like to the model.
    public var silence: Float { config.spectrogram.normalizedSilence }

    public func run(mels: some MelCropSource, folder: URL, resume: Bool, stop: StopSignal = .shared,
                    onLog: (LossLog.Entry) -> Void = { _ in },
                    onCritic: (_ step: Int, _ critic: Double, _ adversarial: Double) -> Void = { _, _, _ in }) throws -> (TrainingLoop.Outcome, LatentCodec) {
        // A resumed decoder-only run needs no starting codec: its checkpoint holds the frozen encoder.
        let frozenEncoder = decoderOf != nil || (resume && Self.isDecoderOnly(folder))
        let losses = resume && Self.isDecoderOnly(folder) ? Self.decoderLoss(of: folder) : decoderLoss
        require(losses == DecoderLoss() || frozenEncoder, "a codec run with a decoder's losses trains a decoder alone (--decoder-of)")
        let adversarial = losses.adversarial
        let codec = decoderOf ?? LatentCodec(config, seed: options.seed)
        let critic = adversarial > 0 ? MelCritic(mels: config.spectrogram.melBands, seed: options.seed ^ 0xC417_1C) : nil
        if frozenEncoder {
            codec.trainAll()
            codec.encoder.freezeAll()
        }
        // The shapes go beside the checkpoints from the start, so a run still in
        // progress can be loaded (codec-report) and a resume can check them.
        try AtomicFile.write(try config.encoded(), to: folder.appendingPathComponent("config.json"))
        if frozenEncoder {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            try AtomicFile.write(try encoder.encode(Marker(losses)), to: folder.appendingPathComponent(Self.decoderOnlyMarker))
        }
        let trained = codec.namedParameters().filter { !frozenEncoder || $0.name.hasPrefix("decoder.") }
        var groups: [AdamW.Group] = [.init("codec", learningRate: options.learningRate, weightDecay: 0.01, parameters: trained)]
        if let critic { groups.append(.init("critic", learningRate: options.learningRate, weightDecay: 0.01, parameters: critic.namedParameters())) }
        let opt = AdamW(groups: groups, beta1: critic == nil ? 0.9 : 0.8, beta2: 0.99)
        var loopOptions = TrainingLoop.Options(steps: options.steps, checkpointEvery: options.checkpointEvery,
                                               schedule: LearningRateSchedule(peak: options.learningRate, warmupSteps: 200, totalSteps: options.steps),
                                               seed: options.seed)
        loopOptions.logEvery = 20
        if critic != nil { loopOptions.groupScales = [1, 1] }
        // The critic's weights are checkpointed with the codec's, so a resumed run goes on against the same critic.
        let trainedModule: Module = critic.map { CodecUnderCritic(codec, $0) } ?? codec
        let loop = try TrainingLoop(module: trainedModule, optimizer: opt, ema: nil, options: loopOptions, folder: folder, resume: resume)
        let silence = self.silence
        var criticLosses: [(Float, Float)] = []
        let outcome = try loop.run(stop: stop, { step, rng in
            let (x, _) = mels.randomCrops(options.batch, frames: options.frames, rng: &rng, silence: silence)
            let z = frozenEncoder ? noGrad { codec.encoder(x) } : codec.encoder(x)
            let y = codec.decoder(z)
            let loss = Tensor.l1(y, x)
            let objective = losses.fineStructure > 0 ? loss + Self.fineStructureL1(y, x) * losses.fineStructure : loss
            guard let critic else {
                objective.backward()
                return loss.item()
            }
            let real = critic(x), fake = critic(y)
            func sum(_ terms: [Tensor]) -> Tensor { terms.dropFirst().reduce(terms[0], +) }
            let fooled = sum(fake.map { ($0.score - 1).square().mean() })
            let matched = sum(zip(real, fake).flatMap { r, f in zip(r.features, f.features).map { Tensor.l1($1, $0.detached()) } })
            let total = objective + fooled * (adversarial / 45) + matched * (2 * adversarial / 45)
            total.backward()
            // The decoder's loss reached the critic too; the critic learns only from its own.
            for (_, p) in critic.namedParameters() { p.value.grad?.fill(0) }
            let judged = sum(zip(real, critic(y.detached())).map { r, f in (r.score - 1).square().mean() + f.score.square().mean() })
            judged.backward()
            criticLosses.append((judged.item(), fooled.item()))
            if (step + 1) % loopOptions.logEvery == 0 {
                let n = Double(criticLosses.count)
                onCritic(step + 1, criticLosses.map { Double($0.0) }.reduce(0, +) / n, criticLosses.map { Double($0.1) }.reduce(0, +) / n)
                criticLosses.removeAll()
            }
            return loss.item()
        }, onLog: onLog)
        try loop.log.plot(to: folder.appendingPathComponent("loss.png"))
        return (outcome, codec)
    }

    /// Reconstruction L1 and the standard deviation of the latents over `count` seeded crops.
    public static func evaluate(_ codec: LatentCodec, mels: some MelCropSource, frames: Int, count: Int, silence: Float) -> (l1: Double, latentStd: Double) {
        var rng = SeededGenerator(seed: 12_345)
        var l1 = 0.0, sum = 0.0, sq = 0.0, n = 0.0
        noGrad {
            for _ in 0..<max(1, count / 16) {
                let (x, _) = mels.randomCrops(16, frames: frames, rng: &rng, silence: silence)
                let z = codec.encoder(x)
                l1 += Double(Tensor.l1(codec.decoder(z), x).item())
                for v in z.toArray() { sum += Double(v); sq += Double(v) * Double(v); n += 1 }
            }
        }
        let mean = sum / n
        return (l1 / Double(max(1, count / 16)), (sq / n - mean * mean).squareRoot())
    }
}

/// The codec's encoder and decoder under their own names beside the critic's, so that a checkpoint
/// of an adversarial run loads into a plain codec once the critic's tensors are skipped.
final class CodecUnderCritic: Module {
    init(_ codec: LatentCodec, _ critic: MelCritic) {
        super.init()
        register("encoder", codec.encoder)
        register("decoder", codec.decoder)
        register("critic", critic)
    }
}

/// What `decoder-only.json` holds: the frozen part, and the decoder's added losses.
private struct Marker: Encodable {
    var frozen = "encoder"
    var losses: CodecPretraining.DecoderLoss

    init(_ losses: CodecPretraining.DecoderLoss) { self.losses = losses }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(frozen, forKey: .frozen)
        if losses.adversarial > 0 { try c.encode(losses.adversarial, forKey: .adversarial) }
        if losses.fineStructure > 0 { try c.encode(losses.fineStructure, forKey: .fineStructure) }
    }

    enum CodingKeys: String, CodingKey {
        case frozen, adversarial
        case fineStructure = "fine_structure"
    }
}
