import Audio
import Engine
import EngineTestSupport
import Evaluation
import Foundation
import Generation
import Model
import Testing
import Text
import TextTestSupport
import ModelTestSupport

@Suite struct GenerationTests {
    @Test func baseModelLoadsAndChecksItsFiles() throws {
        let folder = try TinyBase.write(to: Fixtures.temporaryFolder("base"))
        let base = try BaseModel(folder: folder)
        #expect(base.config == TinyBase.config && base.evaluator != nil)
        #expect(try BaseModel.locate(folder.path).standardizedFileURL.path == folder.standardizedFileURL.path)
        #expect(throws: BaseModel.Failure.self) { try BaseModel.locate("/nonexistent/base") }
        // A damaged weight file is refused before anything is loaded from it.
        let url = folder.appendingPathComponent("codec.safetensors")
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: url)
        #expect(throws: BaseModel.Failure.self) { try BaseModel(folder: folder) }
    }

    @Test func generationIsDeterministicForASeedAndHasTheRequestedLength() throws {
        let base = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("base")))
        let generator = Generator(base: base, text: try TinyBert.encoder())
        generator.vocoder.griffinLim.iterations = 2
        var s = GenerationSettings()
        s.seconds = 1.5
        s.steps = 3
        s.seed = 4
        var seen = 0
        let a = try generator.generate("a slow sad melody", s) { _ in seen += 1; return true }
        let b = try generator.generate("a slow sad melody", s)
        #expect(seen == 3 && a.samples.count == 24_000 && a.sampleRate == 16_000)
        #expect(a.samples == b.samples && a.samples.allSatisfy { $0.isFinite })
        s.seed = 5
        #expect(try generator.generate("a slow sad melody", s).samples != a.samples)
        for kind in [SamplerKindName.ddpm, .dpm] {
            s.sampler = kind.kind
            #expect(try generator.generate("piano music", s).samples.count == 24_000)
        }
        // Cancelling from the step callback stops at once.
        #expect(throws: Generator.Cancelled.self) { try generator.generate("piano", s) { _ in false } }
    }

    /// ε̂_c(∅) + g·(ε̂_c(p) − ε̂_c(∅)) + W·(ε̂_b(d) − ε̂_b(∅)). One DDIM step makes the latent linear in
    /// ε̂, so with the pristine copy equal to the concept's model the kept latent is the plain one plus
    /// (latent of the description at guidance W) − (at guidance 0).
    @Test func keepingThePromptAddsTheBaseModelsPullTowardTheDescription() throws {
        let folder = try TinyBase.write(to: Fixtures.temporaryFolder("base"))
        let base = try BaseModel(folder: folder)
        let text = try TinyBert.encoder()
        var rng = SeededGenerator(seed: 3)
        _ = try text.addConcept("koto", embeddings: Tensor.randn([2, text.hiddenSize], using: &rng))
        let generator = Generator(base: base, text: text)
        var s = GenerationSettings()
        s.seconds = 1.5
        s.steps = 1
        s.guidance = 3
        s.keepPrompt = 2
        let prompt = "a slow sad melody with <koto>", description = "a slow sad melody with"
        #expect(throws: Generator.NoPristineDenoiser.self) { try generator.latent(prompt, s) }
        // A prompt that names no concept has nothing to keep: generated as without the weight.
        let unnamed = try generator.latent(description, s)
        generator.pristine = try base.pristineDenoiser()
        let kept = try generator.latent(prompt, s).toArray()
        #expect(try generator.latent(description, s).toArray() == unnamed.toArray())
        s.keepPrompt = 0
        #expect(try generator.latent(description, s).toArray() == unnamed.toArray())
        let plain = try generator.latent(prompt, s).toArray()
        s.guidance = 2
        let pulled = try generator.latent(description, s).toArray()
        s.guidance = 0
        let empty = try generator.latent(description, s).toArray()
        let expected = (0..<kept.count).map { plain[$0] + pulled[$0] - empty[$0] }
        let scale = expected.map { abs($0) }.max()!
        #expect(zip(kept, expected).allSatisfy { abs($0 - $1) <= 1e-4 * scale })
        #expect(zip(kept, plain).contains { abs($0 - $1) > 1e-2 * scale })
        // The copy is the shipped file's: a damaged one is refused.
        let url = folder.appendingPathComponent("denoiser.safetensors")
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: url)
        #expect(throws: BaseModel.Failure.self) { try base.pristineDenoiser() }
    }

    @Test func alignmentScores() throws {
        let base = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("base")))
        let scorer = AlignmentScorer(evaluator: base.evaluator!, text: try TinyBert.encoder(), config: base.config)
        var rng = SeededGenerator(seed: 9)
        let clip = AudioClip(samples: (0..<40_000).map { _ in rng.nextNormal() * 0.1 }, sampleRate: 16_000)
        let e = scorer.embed(clip)
        #expect(abs(e.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4, "unit length")
        #expect(abs(scorer.audioAlignment(generated: [e, e], reference: [e]) - 100) < 1e-3)
        let t = try scorer.embed(text: "a slow melody")
        let ta = scorer.textAlignment(clips: [e], prompt: t)
        #expect(ta >= -100 && ta <= 100)
        #expect(AlignmentScorer.spread([41, 47.5, 44]) == 6.5)
    }
}

/// Sampler kinds by short name, for the test table.
enum SamplerKindName {
    case ddpm, dpm
    var kind: Diffusion.SamplerKind { self == .ddpm ? .ddpm : .dpmSolver }
}

import Diffusion
