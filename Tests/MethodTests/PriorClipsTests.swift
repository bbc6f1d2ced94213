import Audio
import Engine
import EngineTestSupport
import Foundation
import Generation
import Library
import Method
import Model
import ModelTestSupport
import Testing
import Text
import TextTestSupport
import Training

/// Prior preservation: the base model's own clips, made once per run and kept, fill their share of
/// each tuning batch, and a learn with them resumes bit-identically.
@Suite(.serialized) struct PriorClipsTests {
    @Test func priorRowsLeaveTheConceptAtLeastOneRow() {
        // The default recipe gives a quarter of each batch of 32 to prior clips.
        var o = LearnOptions()
        #expect(o.priorShare == 0.25 && o.priorRows == 8)
        o.priorShare = 0
        #expect(o.priorRows == 0)
        o.priorShare = 0.01
        #expect(o.priorRows == 1)
        o.batch = 2
        o.priorShare = 0.75
        #expect(o.priorRows == 1)
        o.batch = 1
        #expect(o.priorRows == 0)
        #expect(LearnOptions.paper.priorShare == 0)
    }

    @Test func clipsComeFromTheBaseModelAndAreMadeOnce() throws {
        let base = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("prior-base")))
        let text = try TinyBert.encoder()
        let folder = Fixtures.temporaryFolder("prior-run")
        let made = try PriorClips.loadOrMake(count: 3, frames: 8, seed: 5, base: base, text: text, folder: folder)
        #expect(made.latents.count == 3 && made.prompts.count == 3)
        #expect(made.latents.allSatisfy { $0.shape == [8, base.config.codec.latentChannels] && $0.toArray().allSatisfy(\.isFinite) })
        #expect(made.prompts.allSatisfy { !$0.contains("<") && $0.hasSuffix(".") }, "\(made.prompts)")

        // Clip 0 is what the generator makes of its prompt at the clips' settings.
        var s = GenerationSettings()
        s.seconds = Double(8 * base.config.latentDownsampling) / base.config.spectrogram.framesPerSecond
        s.steps = 25
        s.seed = 5 + 1000
        let z = try Generator(base: base, text: text).latent(made.prompts[0], s)
        #expect(z.narrow(axis: 1, start: 0, length: 8).toArray() == made.latents[0].toArray())

        let file = folder.appendingPathComponent("prior.safetensors")
        let written = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        let again = try PriorClips.loadOrMake(count: 3, frames: 8, seed: 5, base: base, text: text, folder: folder)
        #expect(again.prompts == made.prompts && zip(again.latents, made.latents).allSatisfy { $0.toArray() == $1.toArray() })
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date == written, "kept clips were made again")

        let other = try PriorClips.loadOrMake(count: 3, frames: 8, seed: 6, base: base, text: text, folder: folder)
        #expect(other.latents[0].toArray() != made.latents[0].toArray())
    }

    func learner(priorShare: Double) throws -> (ConceptLearner, BaseModel, PriorClips) {
        let base = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("prior-learn-base")))
        let text = try TinyBert.encoder()
        var o = LearnOptions()
        o.maskScope = .selfAttention
        o.steps = 4; o.batch = 4; o.frames = 8; o.checkpointEvery = 2
        o.learningRateUNet = 1e-2; o.learningRateTokens = 1e-2
        o.priorShare = priorShare
        let tone = Fixtures.temporaryFolder("prior-ref").appendingPathComponent("tone.wav").path
        try AudioFile.write(AudioClip(samples: (0..<(11 * 16_000)).map { 0.3 * Float(sin(2 * .pi * 330 * Double($0) / 16_000)) }, sampleRate: 16_000), to: tone)
        let concept = ConceptLearner.Concept(name: "koto", kind: .instrument, references: try ReferenceSet.load([tone], base: base, augment: true))
        let prior = try PriorClips.loadOrMake(count: 2, frames: 8, seed: 5, base: base, text: text, folder: Fixtures.temporaryFolder("prior-clips"))
        return (try ConceptLearner(base: base, text: text, concepts: [concept], options: o), base, prior)
    }

    @Test func priorRowsChangeTheLossAndTheLearnResumesBitIdentically() throws {
        let (plain, _, prior) = try learner(priorShare: 0)
        let (with, _, _) = try learner(priorShare: 0.5)
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let without = try noGrad { try plain.diffusionLoss(plain.concepts, rng: &a).item() }
        let withPrior = try noGrad { try with.diffusionLoss(with.concepts, prior: prior, rng: &b).item() }
        #expect(without.isFinite && withPrior.isFinite && without != withPrior)

        let (straight, baseA, prior1) = try learner(priorShare: 0.5)
        #expect(try straight.tune(entries: [:], prior: prior1, folder: Fixtures.temporaryFolder("prior-straight"), resume: false,
                                  stop: StopSignal()) == .finished(step: 4))
        let folder = Fixtures.temporaryFolder("prior-split")
        let stop = StopSignal()
        let (first, _, prior2) = try learner(priorShare: 0.5)
        #expect(try first.tune(entries: [:], prior: prior2, folder: folder, resume: false, stop: stop,
                               afterStep: { s in if s == 2 { stop.request() } }) == .stopped(step: 2))
        let (second, baseC, prior3) = try learner(priorShare: 0.5)
        #expect(try second.tune(entries: [:], prior: prior3, folder: folder, resume: true, stop: StopSignal()) == .finished(step: 4))
        for ((n, p), (_, q)) in zip(baseA.denoiser.namedParameters(), baseC.denoiser.namedParameters()) {
            #expect(p.value.toArray() == q.value.toArray(), "\(n)")
        }
    }

    @Test func aLearnWithPriorPreservationMakesItsClipsBeforeTuning() throws {
        let box = try LearnSandbox()
        var o = LearnOptions()
        o.maskEpochs = 1; o.steps = 4; o.batch = 2; o.frames = 8; o.checkpointEvery = 2
        o.priorShare = 0.5; o.priorClips = 2
        let session = try LearnSession(specs: [.init(name: "koto", kind: .instrument, files: [box.tone])], options: o, base: box.base,
                                       text: try TinyBert.encoder(), library: box.library, resume: false)
        session.runsRoot = box.data.appendingPathComponent("concepts")
        session.sampleEvery = 0
        var phases: [String] = []
        let record = try session.run(stop: StopSignal()) { if case .phase(let n, _) = $0 { phases.append(n) } }
        #expect(record.status == .learned)
        #expect(phases == ["mask <koto>", "prior clips", "tuning"])
        let clips = try SafeTensors(contentsOf: try session.folderURL().appendingPathComponent("prior.safetensors"))
        #expect(clips.names.count == 2)
    }
}
