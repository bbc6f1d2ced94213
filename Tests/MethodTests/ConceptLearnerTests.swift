import Audio
import Engine
import EngineTestSupport
import Evaluation
import Foundation
import Generation
import Method
import Model
import ModelTestSupport
import Testing
import Text
import TextTestSupport
import Training

@Suite(.serialized) struct ConceptLearnerTests {
    /// `seconds` of a harmonic tone as a reference file.
    func reference(_ name: String, seconds: Double, hz: Double, amplitude: Float = 0.3) throws -> String {
        let path = Fixtures.temporaryFolder("ref").appendingPathComponent(name).path
        let n = Int(seconds * 16_000)
        let s = (0..<n).map { i -> Float in
            let t = Double(i) / 16_000
            return amplitude * Float(sin(2 * .pi * hz * t) + 0.5 * sin(4 * .pi * hz * t))
        }
        try AudioFile.write(AudioClip(samples: s, sampleRate: 16_000), to: path)
        return path
    }

    func setup(method: TuningMethod = .dreamstyler, concepts: [(String, ConceptKind, Double)] = [("koto", .instrument, 440)],
               scope: MaskScope = .selfAttention) throws -> (ConceptLearner, BaseModel, TextEncoder) {
        let base = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("base")))
        let text = try TinyBert.encoder()
        var o = LearnOptions()
        o.method = method
        o.maskScope = scope
        o.maskEpochs = 3
        o.steps = 4
        o.batch = 4
        o.frames = 8
        o.pivotalPercent = 5
        o.learningRateUNet = 1e-2
        o.learningRateTokens = 1e-2
        o.checkpointEvery = 2
        let list = try concepts.map { name, kind, hz in
            ConceptLearner.Concept(name: name, kind: kind, references: try ReferenceSet.load([reference("\(name).wav", seconds: 12, hz: hz)], base: base, augment: true))
        }
        return (try ConceptLearner(base: base, text: text, concepts: list, options: o), base, text)
    }

    @Test func dreamStylerTrainsExactlyWhatThePaperSays() throws {
        let (learner, base, text) = try setup()
        let before = Dictionary(uniqueKeysWithValues: base.denoiser.namedParameters().map { ($0.name, $0.parameter.value.toArray()) })
        let tokensBefore = text.concepts["koto"]!.embeddings.value.toArray()
        let (outcome, deltas) = try learner.learnMask(learner.concepts[0], folder: Fixtures.temporaryFolder("mask"), resume: false, stop: StopSignal())
        // An epoch is one pass over the reference's non-overlapping crops, in batches.
        let perEpoch = (learner.concepts[0].references.cropsPerEpoch(frames: 8) + 3) / 4
        #expect(outcome == .finished(step: 3 * perEpoch) && perEpoch == 6)
        #expect(deltas.count == learner.maskedWeights.count && deltas.allSatisfy { $0.delta.contains { $0 > 0 } })
        // Mask training changes neither θ nor V*, and leaves no multiplier behind.
        for (n, p) in base.denoiser.namedParameters() {
            #expect(p.value.toArray() == before[n]!, "\(n) changed during mask training")
            #expect(p.multiplier == nil)
        }
        #expect(text.concepts["koto"]!.embeddings.value.toArray() == tokensBefore)

        let selection = learner.selection(masks: [deltas])
        let total = learner.maskedWeights.reduce(0) { $0 + $1.parameter.value.count }
        #expect(selection.values.reduce(0) { $0 + $1.count } == PivotalSelection.count(percent: 5, of: total))
        #expect(try learner.tune(entries: selection, folder: Fixtures.temporaryFolder("tune"), resume: false, stop: StopSignal()) == .finished(step: 4))
        for (n, p) in base.denoiser.namedParameters() {
            let old = before[n]!, new = p.value.toArray()
            if TuningMethod.isCrossAttentionKV(n) {
                #expect(new != old, "\(n) should train")
            } else if let idx = selection[n] {
                let chosen = Set(idx)
                for i in 0..<old.count where !chosen.contains(i) { #expect(new[i].bitPattern == old[i].bitPattern, "\(n)[\(i)] is frozen") }
                // P is a share of all masked entries together: a weight may get none of them.
                #expect(idx.isEmpty || idx.contains { new[$0] != old[$0] }, "\(n): none of its \(idx.count) chosen entries moved")
            } else {
                #expect(new.map(\.bitPattern) == old.map(\.bitPattern), "\(n) is frozen")
            }
        }
        #expect(text.concepts["koto"]!.embeddings.value.toArray() != tokensBefore)
    }

    /// With every weight in scope, the mask covers convolutions and linear layers at every level
    /// (never the cross-attention K/V, which train whole), and P is a share of all of them.
    @Test func theWiderMaskScopeChoosesEntriesAcrossTheWholeUNet() throws {
        let (learner, base, _) = try setup(scope: .allWeights)
        let names = Set(learner.maskedWeights.map(\.name))
        #expect(names.isStrictSuperset(of: base.denoiser.namedParameters().map(\.name).filter(TuningMethod.isSelfAttentionValue)))
        #expect(names.contains { $0.contains("conv") } && !names.contains(where: TuningMethod.isCrossAttentionKV))
        #expect(learner.maskedWeights.allSatisfy { $0.parameter.value.shape.count >= 2 })
        let (outcome, deltas) = try learner.learnMask(learner.concepts[0], folder: Fixtures.temporaryFolder("mask"), resume: false, stop: StopSignal())
        #expect(outcome == .finished(step: 3 * 6) && deltas.count == names.count)
        let selection = learner.selection(masks: [deltas])
        let total = learner.maskedWeights.reduce(0) { $0 + $1.parameter.value.count }
        #expect(selection.values.reduce(0) { $0 + $1.count } == PivotalSelection.count(percent: 5, of: total))
        #expect(Set(selection.keys).isSubset(of: names) && selection.keys.contains { !TuningMethod.isSelfAttentionValue($0) })
    }

    /// With the cross-attention K/V in scope too, they no longer train whole: only the entries the
    /// mask picks in them move, as in every other weight.
    @Test func theEveryWeightScopeMasksTheCrossAttentionKVToo() throws {
        let (learner, base, _) = try setup(scope: .everyWeight)
        #expect(learner.maskedWeights.contains { TuningMethod.isCrossAttentionKV($0.name) })
        let before = Dictionary(uniqueKeysWithValues: base.denoiser.namedParameters().map { ($0.name, $0.parameter.value.toArray()) })
        let (_, deltas) = try learner.learnMask(learner.concepts[0], folder: Fixtures.temporaryFolder("mask"), resume: false, stop: StopSignal())
        let selection = learner.selection(masks: [deltas])
        _ = try learner.tune(entries: selection, folder: Fixtures.temporaryFolder("tune"), resume: false, stop: StopSignal())
        var kv = 0
        for (n, p) in base.denoiser.namedParameters() where TuningMethod.isCrossAttentionKV(n) {
            let old = before[n]!, new = p.value.toArray(), chosen = Set(selection[n] ?? [])
            kv += 1
            #expect(chosen.count < old.count, "\(n) does not train whole")
            for i in 0..<old.count where !chosen.contains(i) { #expect(new[i].bitPattern == old[i].bitPattern, "\(n)[\(i)] is frozen") }
        }
        #expect(kv > 0)
    }

    @Test func deltaRoundTripsAndRefusesAnotherBase() throws {
        let (learner, base, text) = try setup()
        let (_, deltas) = try learner.learnMask(learner.concepts[0], folder: Fixtures.temporaryFolder("mask"), resume: false, stop: StopSignal())
        let selection = learner.selection(masks: [deltas])
        _ = try learner.tune(entries: selection, folder: Fixtures.temporaryFolder("tune"), resume: false, stop: StopSignal())
        let manifest = ConceptDelta.Manifest(concepts: ["koto": .instrument], method: .dreamstyler, pivotalPercent: 5, selection: .pivotal,
                                             tokens: 3, steps: 4, baseHash: "abc", mask: nil, metrics: [:], createdAt: "now")
        let delta = ConceptDelta.capture(unet: base.denoiser, text: text, concepts: ["koto"], manifest: manifest)
        let url = Fixtures.temporaryFolder("delta").appendingPathComponent("koto.delta.safetensors")
        try delta.write(to: url)
        let back = try ConceptDelta.read(url)
        #expect(back.manifest == manifest && back.entries.keys.sorted() == delta.entries.keys.sorted())
        // Applied to a fresh copy of the base, it reproduces the trained model exactly.
        let fresh = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("base2")))
        let text2 = try TinyBert.encoder()
        try back.apply(to: fresh.denoiser, text: text2, baseHash: "abc")
        for ((n, p), (_, q)) in zip(base.denoiser.namedParameters(), fresh.denoiser.namedParameters()) {
            #expect(p.value.toArray() == q.value.toArray(), "\(n)")
        }
        #expect(text2.concepts["koto"]!.embeddings.value.toArray() == text.concepts["koto"]!.embeddings.value.toArray())
        #expect(throws: ConceptDelta.Failure.self) { try back.apply(to: fresh.denoiser, text: text2, baseHash: "other") }
        // A delta made for the shipped v1 names that base in its refusal.
        let v1 = ConceptDelta.Failure.otherBase(file: "koto.delta", expected: "449a78019f5e6856c5d21ab1372f02dfc86637bad2f2cfef4682d07031c49f50",
                                                found: "0123456789abcdef")
        #expect(v1.description.contains("made for base v1"))
        #expect(v1.description.contains("0123456789ab"))
    }

    /// Strength s puts base + s·(learned − base) into every weight the learn changed, whether the delta
    /// stores it whole or as entries; the identifier embeddings stay as learned.
    @Test func strengthScalesWhatTheLearnChangedAndNothingElse() throws {
        let (learner, base, text) = try setup()
        let (_, deltas) = try learner.learnMask(learner.concepts[0], folder: Fixtures.temporaryFolder("mask"), resume: false, stop: StopSignal())
        _ = try learner.tune(entries: learner.selection(masks: [deltas]), folder: Fixtures.temporaryFolder("tune"), resume: false, stop: StopSignal())
        let manifest = ConceptDelta.Manifest(concepts: ["koto": .instrument], method: .dreamstyler, pivotalPercent: 5, selection: .pivotal,
                                             tokens: 3, steps: 4, baseHash: "abc", mask: nil, metrics: [:], createdAt: "now")
        let delta = ConceptDelta.capture(unet: base.denoiser, text: text, concepts: ["koto"], manifest: manifest)
        #expect(!delta.entries.isEmpty && !delta.full.isEmpty)
        let pristine = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("base-s")))
        let untouched = Dictionary(uniqueKeysWithValues: pristine.denoiser.namedParameters().map { ($0.name, $0.parameter.value.toArray()) })
        let learned = Dictionary(uniqueKeysWithValues: base.denoiser.namedParameters().map { ($0.name, $0.parameter.value.toArray()) })
        var moved = 0
        for s: Float in [0, 0.5, 1.5] {
            let fresh = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("base-s\(s)")))
            let text2 = try TinyBert.encoder()
            try delta.apply(to: fresh.denoiser, text: text2, baseHash: "abc", strength: s)
            for (n, p) in fresh.denoiser.namedParameters() {
                let b = untouched[n]!, l = learned[n]!, v = p.value.toArray()
                for i in 0..<v.count {
                    let want = b[i] + s * (l[i] - b[i])
                    #expect(abs(v[i] - want) <= 1e-6 * max(1, abs(want)), "\(n)[\(i)] at strength \(s)")
                    if s == 0.5 && l[i] != b[i] { moved += 1 }
                }
            }
            #expect(text2.concepts["koto"]!.embeddings.value.toArray() == text.concepts["koto"]!.embeddings.value.toArray())
        }
        #expect(moved > 0)
    }

    @Test func aMostlyTrainedTensorIsStoredDenseAndStillReproducesTheModel() throws {
        let (learner, base, text) = try setup(concepts: [("reggae", .genre, 220)])
        let (_, deltas) = try learner.learnMask(learner.concepts[0], folder: Fixtures.temporaryFolder("mask"), resume: false, stop: StopSignal())
        let selection = learner.selection(masks: [deltas])
        _ = try learner.tune(entries: selection, folder: Fixtures.temporaryFolder("tune"), resume: false, stop: StopSignal())
        let manifest = ConceptDelta.Manifest(concepts: ["reggae": .genre], method: .dreamstyler, pivotalPercent: 100, selection: .pivotal,
                                             tokens: 3, steps: 4, baseHash: "abc", mask: nil, metrics: [:], createdAt: "now")
        let delta = ConceptDelta.capture(unet: base.denoiser, text: text, concepts: ["reggae"], manifest: manifest)
        // A genre's P = 100 % trains every masked entry: each tensor is stored as values alone (4 bytes an entry, not 8).
        #expect(delta.entries.isEmpty && learner.maskedWeights.allSatisfy { delta.full[$0.name] != nil })
        let trained = base.denoiser.namedParameters().filter { $0.parameter.mode != .frozen }.reduce(0) { $0 + $1.parameter.value.count }
        #expect(delta.byteCount < 5 * trained + 4 * 1024)
        let url = Fixtures.temporaryFolder("dense").appendingPathComponent("reggae.delta.safetensors")
        try delta.write(to: url)
        let fresh = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("base3")))
        try ConceptDelta.read(url).apply(to: fresh.denoiser, text: try TinyBert.encoder(), baseHash: "abc")
        for ((n, p), (_, q)) in zip(base.denoiser.namedParameters(), fresh.denoiser.namedParameters()) {
            #expect(p.value.toArray() == q.value.toArray(), "\(n)")
        }
    }

    @Test func aStoppedLearnResumesWithTheSameStepsLossesAndWeights() throws {
        let (straight, baseA, textA) = try setup()
        let straightFolder = Fixtures.temporaryFolder("straight")
        #expect(try straight.tune(entries: [:], folder: straightFolder, resume: false, stop: StopSignal()) == .finished(step: 4))
        let folder = Fixtures.temporaryFolder("split")
        let stop = StopSignal()
        let (first, _, _) = try setup()
        let outcome = try first.tune(entries: [:], folder: folder, resume: false, stop: stop, afterStep: { s in if s == 2 { stop.request() } })
        #expect(outcome == .stopped(step: 2))
        // A new process: everything built afresh, then resumed from the checkpoint.
        let (second, baseC, textC) = try setup()
        #expect(try second.tune(entries: [:], folder: folder, resume: true, stop: StopSignal()) == .finished(step: 4))
        for ((n, p), (_, q)) in zip(baseA.denoiser.namedParameters(), baseC.denoiser.namedParameters()) {
            #expect(p.value.toArray() == q.value.toArray(), "\(n)")
        }
        #expect(textA.concepts["koto"]!.embeddings.value.toArray() == textC.concepts["koto"]!.embeddings.value.toArray())
        let curve = { (f: URL) in LossLog.read(f.appendingPathComponent("loss.jsonl")).map { [Double($0.step), $0.loss] } }
        #expect(!curve(straightFolder).isEmpty && curve(straightFolder) == curve(folder))
    }

    @Test func eachConceptsSelectionTakesThePOfItsKind() throws {
        let (learner, _, _) = try setup(concepts: [("koto", .instrument, 440), ("reggae", .genre, 220)])
        let (alone, _, _) = try setup()
        // The same Δ_M for both concepts: the union is the larger P's top entries.
        var rng = SeededGenerator(seed: 4)
        let deltas = learner.maskedWeights.map { w in (name: w.name, delta: (0..<w.parameter.value.count).map { _ in Float(rng.nextUniform()) }) }
        let total = learner.maskedWeights.reduce(0) { $0 + $1.parameter.value.count }
        func count(_ s: EntrySelection) -> Int { s.values.reduce(0) { $0 + $1.count } }
        #expect(count(alone.selection(masks: [deltas])) == PivotalSelection.count(percent: 5, of: total))
        #expect(count(learner.selection(masks: [deltas, deltas])) == total, "a genre's P (100 %) takes every entry")
        #expect(learner.options.pivotalPercent(for: learner.concepts.map(\.kind)) == 100)
    }

    @Test func jointTrainingGivesEveryConceptsTokensAGradient() throws {
        let (learner, _, text) = try setup(concepts: [("koto", .instrument, 440), ("reggae", .genre, 220)])
        learner.configureTuning(entries: [:])
        var rng = SeededGenerator(seed: 3)
        let loss = try learner.diffusionLoss(learner.concepts, rng: &rng)
        loss.backward()
        for name in ["koto", "reggae"] {
            let g = text.concepts[name]!.embeddings.value.grad
            #expect(g != nil && g!.toArray().contains { $0 != 0 }, "\(name)'s tokens got no gradient")
        }
    }

    @Test func baselinesTrainTheirOwnParameters() throws {
        for method in [TuningMethod.textualInversion, .customDiffusion, .dreambooth] {
            let (learner, base, text) = try setup(method: method)
            learner.configureTuning(entries: [:])
            let trained = base.denoiser.namedParameters().filter { $0.parameter.mode != .frozen }.map(\.name)
            switch method {
            case .textualInversion: #expect(trained.isEmpty)
            case .customDiffusion: #expect(!trained.isEmpty && trained.allSatisfy(TuningMethod.isCrossAttentionKV))
            default: #expect(trained.count == base.denoiser.namedParameters().count)
            }
            let tokens = text.concepts["koto"]!.embeddings
            #expect(tokens.mode == (method == .dreambooth ? .frozen : .full))
            #expect(tokens.shape[0] == method.defaultTokens)
        }
    }

    @Test func badReferencesAreRefusedWithClearErrors() throws {
        let base = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("base")))
        let short = try reference("short.wav", seconds: 4, hz: 300)
        #expect(throws: AudioError.self) { try ReferenceSet.load([short], base: base, augment: false) }
        let silent = try reference("silent.wav", seconds: 12, hz: 300, amplitude: 0)
        do { _ = try ReferenceSet.load([silent], base: base, augment: false); Issue.record("silence accepted") } catch {
            #expect((error as? AudioError) == .silent(path: silent))
        }
        // Two short files together are long enough.
        #expect(try ReferenceSet.load([short, try reference("short2.wav", seconds: 7, hz: 300)], base: base, augment: false).seconds >= 10)
        let text = try TinyBert.encoder()
        #expect(throws: TextEncoderError.self) { try text.encode(["a song with <nobody>"]) }
    }
}

@Suite struct ConceptEvaluationTests {
    @Test func promptsWeaveInTheIdentifiers() {
        #expect(ConceptEvaluation.prompt("A calm evening song.", concepts: [("koto", .instrument)]) == "A calm evening song, with <koto>")
        #expect(ConceptEvaluation.prompt("an upbeat tune", concepts: [("koto", .instrument), ("reggae", .genre)])
                == "an upbeat tune, with <koto>, in the style of <reggae>")
        #expect(ConceptEvaluation.prompt("a {} lullaby", concepts: [("sitar", .instrument)]) == "a with <sitar> lullaby")
        #expect(ConceptEvaluation.prompt("A calm song.", concepts: [("steel_drums", .instrument), ("bossa_nova", .genre)]) {
            ["steel_drums": "steel drums", "bossa_nova": "bossa nova"][$0]!
        } == "A calm song, with steel drums, in the style of bossa nova")
    }

    @Test func protocolScoresEveryConceptAndThePromptsWithoutIdentifiers() throws {
        let base = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("base")))
        let text = try TinyBert.encoder()
        try text.addConcept("koto", tokens: 2, initialization: .word("instrument"))
        try text.addConcept("reggae", tokens: 2, initialization: .word("genre"))
        let generator = Generator(base: base, text: text)
        generator.vocoder.griffinLim.iterations = 1
        let scorer = AlignmentScorer(evaluator: base.evaluator!, text: text, config: base.config)
        var s = GenerationSettings()
        s.seconds = 1
        s.steps = 2
        var rng = SeededGenerator(seed: 1)
        let ref = AudioClip(samples: (0..<20_000).map { _ in rng.nextNormal() * 0.1 }, sampleRate: 16_000)
        var made: [String] = []
        let r = try ConceptEvaluation(generator: generator, scorer: scorer).run(
            concepts: [("koto", .instrument), ("reggae", .genre)], references: ["koto": [ref], "reggae": [ref]],
            prompts: ["a slow melody", "a sad song"], clips: 2, settings: s) { p, _, _ in made.append(p) }
        #expect(made.count == 4 && made.allSatisfy { $0.contains("<koto>") && $0.contains("<reggae>") })
        #expect(r.audioAlignment.keys.sorted() == ["koto", "reggae"] && r.prompts == 2 && r.clipsPerPrompt == 2)
        // Both concepts share one reference here, so their alignments match and the spread is zero.
        #expect(r.deltaAudioAlignment == 0)
        #expect((-100...100).contains(r.textAlignment))
    }
}
