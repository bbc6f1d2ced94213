import Engine
import EngineTestSupport
import Foundation
import Model
import Pretraining
import SpectrogramSettings
import Testing
import Training

/// `pretrain codec --decoder-of DIR --adversarial W`: the decoder learns against a mel critic as
/// well as L1; the encoder still does not move, the critic lives in the run's checkpoints only, and
/// a stopped run resumes against the same critic to the same end.
@Suite struct CodecAdversarialTests {
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

    func stage(_ start: LatentCodec?, adversarial: Float) -> CodecPretraining {
        var s = CodecPretraining(config: config, options: options(steps: 40, every: 20))
        s.decoderOf = start
        s.adversarial = adversarial
        return s
    }

    @Test func theCriticShapesTheDecoderAndStaysOutOfTheCodec() throws {
        let encoderBefore = try start().encoder.namedParameters().map { $0.parameter.value.toArray() }
        let (_, plain) = try stage(try start(), adversarial: 0).run(mels: source, folder: Fixtures.temporaryFolder("plain"), resume: false, stop: StopSignal())
        let folder = Fixtures.temporaryFolder("adversarial")
        var logged: [(Int, Double, Double)] = []
        let (outcome, tuned) = try stage(try start(), adversarial: 1).run(mels: source, folder: folder, resume: false, stop: StopSignal(),
                                                                            onCritic: { logged.append(($0, $1, $2)) })
        #expect(outcome == .finished(step: 40))
        #expect(CodecPretraining.adversarialWeight(folder) == 1)
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
