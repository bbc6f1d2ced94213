import Engine
import EngineTestSupport
import Foundation
import Model
import Pretraining
import SpectrogramSettings
import Testing
import Training

/// `pretrain codec --decoder-of DIR --adversarial W --fine-structure W`: the decoder learns against
/// a mel critic, or the bands' and frames' differences, as well as L1; the encoder still does not
/// move, the critic lives in the run's checkpoints only, and a stopped run resumes with the losses
/// it started with to the same end.
@Suite struct CodecDecoderLossTests {
    let config = ModelConfiguration.tiny(textHiddenSize: 8)
    let source = CodecDecoderOnlyTests.Ridges()

    func options(steps: Int, every: Int) -> CodecPretraining.Options {
        var o = CodecDecoderOnlyTests().options(steps: steps)
        o.checkpointEvery = every
        return o
    }

    /// Seeded: each call gives the same briefly trained codec to start from.
    func start() throws -> LatentCodec {
        try CodecPretraining(config: config, options: options(steps: 10, every: 10))
            .run(mels: source, folder: Fixtures.temporaryFolder("codec"), resume: false, stop: StopSignal()).1
    }

    func stage(_ start: LatentCodec?, adversarial: Float, fineStructure: Float = 0) -> CodecPretraining {
        var s = CodecPretraining(config: config, options: options(steps: 40, every: 20))
        s.decoderOf = start
        s.decoderLoss = .init(adversarial: adversarial, fineStructure: fineStructure)
        return s
    }

    /// Crops of the ridges, and the same crops averaged over 5 neighbouring bands.
    func sharpAndSmeared(_ rng: inout SeededGenerator) -> (Tensor, Tensor) {
        let (real, _) = source.randomCrops(8, frames: 32, rng: &rng, silence: config.spectrogram.normalizedSilence)
        let v = real.toArray()
        var smeared = v
        for i in 0..<(v.count / 80) {
            for m in 0..<80 {
                let lo = max(0, m - 2), hi = min(79, m + 2)
                smeared[i * 80 + m] = (lo...hi).map { v[i * 80 + $0] }.reduce(0, +) / Float(hi - lo + 1)
            }
        }
        return (real, Tensor(smeared, shape: real.shape))
    }

    @Test func fineStructureSeesWhatAnAverageSmoothsAway() throws {
        var rng = SeededGenerator(seed: 4)
        let (sharp, smeared) = sharpAndSmeared(&rng)
        #expect(CodecPretraining.fineStructureL1(sharp, sharp).item() == 0)
        // The smeared crops lose most of their band-to-band steps: the loss is of their size.
        let steps = CodecPretraining.fineStructureL1(sharp, Tensor.zeros(sharp.shape)).item()
        #expect(CodecPretraining.fineStructureL1(smeared, sharp).item() > 0.3 * steps)

        let (_, straight) = try stage(try start(), adversarial: 0, fineStructure: 1).run(mels: source, folder: Fixtures.temporaryFolder("straight"), resume: false, stop: StopSignal())
        let (_, plain) = try stage(try start(), adversarial: 0).run(mels: source, folder: Fixtures.temporaryFolder("plain"), resume: false, stop: StopSignal())
        #expect(straight.decoder.namedParameters().map { $0.parameter.value.toArray() } != plain.decoder.namedParameters().map { $0.parameter.value.toArray() })
        let folder = Fixtures.temporaryFolder("split"), stop = StopSignal()
        let (stopped, _) = try stage(try start(), adversarial: 0, fineStructure: 1).run(mels: source, folder: folder, resume: false, stop: stop, onLog: { e in
            if e.step == 20 { stop.request() }
        })
        #expect(stopped == .stopped(step: 20))
        #expect(CodecPretraining.decoderLoss(of: folder) == .init(fineStructure: 1))
        let (_, resumed) = try stage(nil, adversarial: 0).run(mels: source, folder: folder, resume: true, stop: StopSignal())
        for ((n, p), (_, q)) in zip(straight.namedParameters(), resumed.namedParameters()) { #expect(p.value.toArray() == q.value.toArray(), "\(n)") }
    }

    @Test func theCriticShapesTheDecoderAndStaysOutOfTheCodec() throws {
        let encoderBefore = try start().encoder.namedParameters().map { $0.parameter.value.toArray() }
        let (_, plain) = try stage(try start(), adversarial: 0).run(mels: source, folder: Fixtures.temporaryFolder("plain"), resume: false, stop: StopSignal())
        let folder = Fixtures.temporaryFolder("adversarial")
        var logged: [(Int, Double, Double)] = []
        let (outcome, tuned) = try stage(try start(), adversarial: 1).run(mels: source, folder: folder, resume: false, stop: StopSignal(),
                                                                            onCritic: { logged.append(($0, $1, $2)) })
        #expect(outcome == .finished(step: 40))
        #expect(CodecPretraining.decoderLoss(of: folder) == .init(adversarial: 1))
        #expect(tuned.encoder.namedParameters().map { $0.parameter.value.toArray() } == encoderBefore)
        #expect(tuned.decoder.namedParameters().map { $0.parameter.value.toArray() } != plain.decoder.namedParameters().map { $0.parameter.value.toArray() })
        // Logged every 20 steps: the critic's least-squares loss over its two views, finite and below "always wrong" (4).
        #expect(logged.map(\.0) == [20, 40])
        #expect(logged.allSatisfy { $0.1.isFinite && $0.1 < 4 && $0.2.isFinite })

        // The checkpoint holds a critic that trained; the codec saved from it does not hold one.
        let latest = try #require(TrainingCheckpoint(folder: folder.appendingPathComponent("checkpoints")).latest)
        let file = try SafeTensors(contentsOf: latest.appendingPathComponent("model.safetensors"))
        let criticNames = file.names.filter { $0.hasPrefix("critic.") }
        #expect(!criticNames.isEmpty)
        let fresh = Dictionary(uniqueKeysWithValues: MelCritic(mels: config.spectrogram.melBands, seed: 1 ^ 0xC417_1C).namedParameters().map { ("critic." + $0.name, $0.parameter.value.toArray()) })
        #expect(Set(criticNames) == Set(fresh.keys))
        #expect(try criticNames.contains { try file.tensor($0).toArray() != fresh[$0] })
        let (_, loaded, _) = try CodecFolder.load(folder)
        for ((n, p), (_, q)) in zip(loaded.namedParameters(), tuned.namedParameters()) { #expect(p.value.toArray() == q.value.toArray(), "\(n)") }
    }

    /// What a critic is for: told crops of sharp ridges from the same ridges smeared over the bands
    /// (what a decoder's average does), its least-squares loss falls well below chance (1 for two views).
    @Test func theCriticTellsSharpRidgesFromSmearedOnes() throws {
        let critic = MelCritic(mels: 80, width: 32, seed: 5)
        let opt = AdamW(groups: [.init("critic", learningRate: 1e-3, weightDecay: 0, parameters: critic.namedParameters())], beta1: 0.8, beta2: 0.99)
        var rng = SeededGenerator(seed: 9)
        var last: [Float] = []
        for _ in 0..<150 {
            let (real, fake) = sharpAndSmeared(&rng)
            opt.zeroGrad()
            let judged = zip(critic(real), critic(fake)).map { r, f in (r.score - 1).square().mean() + f.score.square().mean() }
            let loss = judged[0] + judged[1]
            loss.backward()
            opt.update()
            last.append(loss.item())
        }
        let end = last.suffix(20).reduce(0, +) / 20
        #expect(end < 0.3, "the critic's loss at the end: \(end)")
    }

    /// Inside a run: a decoder that has learned nothing yet is told from the real crops (the
    /// critic's loss falls below chance, 1 for two views).
    @Test func inARunTheCriticTellsAnUntrainedDecoder() throws {
        var s = CodecPretraining(config: config, options: options(steps: 60, every: 60))
        s.decoderOf = LatentCodec(config, seed: 3)
        s.decoderLoss = .init(adversarial: 1)
        var logged: [Double] = []
        _ = try s.run(mels: source, folder: Fixtures.temporaryFolder("untrained"), resume: false, stop: StopSignal(), onCritic: { _, critic, _ in logged.append(critic) })
        #expect(logged.last! < 0.8, "\(logged)")
    }

    @Test func aStoppedAdversarialRunResumesAgainstItsCritic() throws {
        let (_, straight) = try stage(try start(), adversarial: 1).run(mels: source, folder: Fixtures.temporaryFolder("straight"), resume: false, stop: StopSignal())
        let folder = Fixtures.temporaryFolder("split"), stop = StopSignal()
        let (stopped, _) = try stage(try start(), adversarial: 1).run(mels: source, folder: folder, resume: false, stop: stop, onLog: { e in
            if e.step == 20 { stop.request() }
        })
        #expect(stopped == .stopped(step: 20))
        // Resumed without being told either: the folder says decoder-only, at weight 1.
        let (resumed, tuned) = try stage(nil, adversarial: 0).run(mels: source, folder: folder, resume: true, stop: StopSignal())
        #expect(resumed == .finished(step: 40))
        for ((n, p), (_, q)) in zip(straight.namedParameters(), tuned.namedParameters()) { #expect(p.value.toArray() == q.value.toArray(), "\(n)") }
    }
}
