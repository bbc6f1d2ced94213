import Engine
import EngineTestSupport
import Foundation
import Model
import Pretraining
import Testing

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
}
