import Engine
import EngineTestSupport
import Foundation
import Model
import Pretraining
import SpectrogramSettings
import Testing
import Training

/// `pretrain codec --decoder-of`: the decoder learns, the encoder — the latent space the
/// denoiser and the concept deltas know — does not move by a single bit.
@Suite struct CodecDecoderOnlyTests {
    /// Crops of seeded harmonic ridges drifting across the bands: structure a codec can learn.
    struct Ridges: MelCropSource {
        func randomCrops(_ batch: Int, frames: Int, rng: inout SeededGenerator, silence: Float) -> (Tensor, [Int]) {
            var values: [Float] = []
            values.reserveCapacity(batch * frames * 80)
            for _ in 0..<batch {
                let base = rng.nextUniform() * 20 + 5, drift = rng.nextUniform() * 0.2 - 0.1
                for t in 0..<frames {
                    for m in 0..<80 {
                        let f0 = base + drift * Float(t)
                        let near = [f0, 2 * f0, 3 * f0].map { exp(-pow(Float(m) - $0, 2) / 4) }.reduce(0, +)
                        values.append(silence + (1 - silence) * min(1, near))
                    }
                }
            }
            return (Tensor(values, shape: [batch, frames, 80]), Array(repeating: 0, count: batch))
        }
    }

    func options(steps: Int) -> CodecPretraining.Options {
        var o = CodecPretraining.Options()
        o.steps = steps
        o.batch = 4
        o.frames = 32
        o.checkpointEvery = steps
        return o
    }

    @Test func onlyTheDecoderMovesAndItsReconstructionImproves() throws {
        let config = ModelConfiguration.tiny(textHiddenSize: 8)
        let source = Ridges()
        // A briefly trained codec to start from, as a shipped one would be.
        let (_, first) = try CodecPretraining(config: config, options: options(steps: 10))
            .run(mels: source, folder: Fixtures.temporaryFolder("codec"), resume: false)
        let encoderBefore = first.encoder.namedParameters().map { $0.parameter.value.toArray() }
        let decoderBefore = first.decoder.namedParameters().map { $0.parameter.value.toArray() }
        let silence = config.spectrogram.normalizedSilence
        let before = CodecPretraining.evaluate(first, mels: source, frames: 32, count: 32, silence: silence)

        var stage = CodecPretraining(config: config, options: options(steps: 40))
        stage.decoderOf = first
        let (outcome, tuned) = try stage.run(mels: source, folder: Fixtures.temporaryFolder("decoder"), resume: false)
        #expect(outcome == .finished(step: 40))
        #expect(tuned.encoder.namedParameters().map { $0.parameter.value.toArray() } == encoderBefore)
        #expect(tuned.decoder.namedParameters().map { $0.parameter.value.toArray() } != decoderBefore)
        let after = CodecPretraining.evaluate(tuned, mels: source, frames: 32, count: 32, silence: silence)
        // Same crops, same encoder: the latents are the very same, and the decoder reads them better.
        #expect(after.latentStd == before.latentStd)
        #expect(after.l1 < before.l1, "L1 \(before.l1) → \(after.l1)")
    }

    /// Resumed without being told again, a stopped decoder-only run keeps its encoder frozen and
    /// ends where an uninterrupted one does.
    @Test func aResumedDecoderOnlyRunStaysOne() throws {
        let config = ModelConfiguration.tiny(textHiddenSize: 8)
        let source = Ridges()
        // Seeded, so each call gives the same briefly trained codec to start from.
        func start() throws -> LatentCodec {
            try CodecPretraining(config: config, options: options(steps: 10))
                .run(mels: source, folder: Fixtures.temporaryFolder("codec"), resume: false, stop: StopSignal()).1
        }
        func stage(_ start: LatentCodec?) -> CodecPretraining {
            var o = options(steps: 40)
            o.checkpointEvery = 20
            var s = CodecPretraining(config: config, options: o)
            s.decoderOf = start
            return s
        }
        let encoderBefore = try start().encoder.namedParameters().map { $0.parameter.value.toArray() }
        let (_, straight) = try stage(try start()).run(mels: source, folder: Fixtures.temporaryFolder("straight"), resume: false, stop: StopSignal())

        let folder = Fixtures.temporaryFolder("split"), stop = StopSignal()
        let (stopped, _) = try stage(try start()).run(mels: source, folder: folder, resume: false, stop: stop) { e in
            if e.step == 20 { stop.request() }
        }
        #expect(stopped == .stopped(step: 20))
        #expect(CodecPretraining.isDecoderOnly(folder))
        let (resumed, tuned) = try stage(nil).run(mels: source, folder: folder, resume: true, stop: StopSignal())
        #expect(resumed == .finished(step: 40))
        #expect(tuned.encoder.namedParameters().map { $0.parameter.value.toArray() } == encoderBefore)
        for ((n, p), (_, q)) in zip(straight.namedParameters(), tuned.namedParameters()) { #expect(p.value.toArray() == q.value.toArray(), "\(n)") }
    }

    /// A decoder grown deeper starts as exactly the decoder it grew from (its new blocks are the
    /// identity), says so in its configuration, and learns as a decoder-only run.
    @Test func aGrownDecoderStartsAsTheOldOneAndLearns() throws {
        let config = ModelConfiguration.tiny(textHiddenSize: 8)
        let source = Ridges()
        let (_, first) = try CodecPretraining(config: config, options: options(steps: 10))
            .run(mels: source, folder: Fixtures.temporaryFolder("codec"), resume: false, stop: StopSignal())
        let blocks = config.codec.resBlocksPerStage + 2
        let grown = first.growingDecoder(to: blocks)
        #expect(grown.config.codec.decoderResBlocks == blocks && grown.config.codec.resBlocksPerStage == config.codec.resBlocksPerStage)
        #expect(grown.decoder.namedParameters().count > first.decoder.namedParameters().count)
        #expect(grown.encoder.namedParameters().count == first.encoder.namedParameters().count)
        let silence = config.spectrogram.normalizedSilence
        var rng = SeededGenerator(seed: 3)
        let (x, _) = source.randomCrops(2, frames: 32, rng: &rng, silence: silence)
        noGrad {
            let z = first.encode(x)
            #expect(grown.encode(x).toArray() == z.toArray())
            #expect(grown.decode(z).toArray() == first.decode(z).toArray())
        }
        // Written only where the decoder differs; read back as written.
        let text = { (c: ModelConfiguration) in String(decoding: try c.encoded(), as: UTF8.self) }
        #expect(try text(grown.config).contains("decoder_res_blocks_per_stage") && !text(config).contains("decoder_res_blocks_per_stage"))
        let file = Fixtures.temporaryFolder("grown-config").appendingPathComponent("config.json")
        try grown.config.encoded().write(to: file)
        #expect(try ModelConfiguration.load(file) == grown.config)
        #expect(throws: (any Error).self) { try CodecSizes.check({ var c = config; c.codec.decoderResBlocksPerStage = 9; return c }()) }
        #expect(first.growingDecoder(to: config.codec.resBlocksPerStage).config == first.config)

        let encoderBefore = grown.encoder.namedParameters().map { $0.parameter.value.toArray() }
        let before = CodecPretraining.evaluate(grown, mels: source, frames: 32, count: 32, silence: silence)
        var stage = CodecPretraining(config: grown.config, options: options(steps: 40))
        stage.decoderOf = grown
        let (outcome, tuned) = try stage.run(mels: source, folder: Fixtures.temporaryFolder("grown"), resume: false, stop: StopSignal())
        #expect(outcome == .finished(step: 40))
        #expect(tuned.encoder.namedParameters().map { $0.parameter.value.toArray() } == encoderBefore)
        let after = CodecPretraining.evaluate(tuned, mels: source, frames: 32, count: 32, silence: silence)
        #expect(after.l1 < before.l1, "L1 \(before.l1) → \(after.l1)")
    }
}
