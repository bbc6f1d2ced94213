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

/// `evaluate --recognise` and the recogniser over a tiny random base model and an untrained
/// classifier: the shapes, the checks and the bookkeeping, not the accuracy (that is the
/// classifier's training test and the held-out report).
@Suite struct RecognitionTests {
    static let classes = ["koto", "reggae", "steel_drums", "other"]

    /// A tiny base model with an (untrained, seeded) classifier beside its evaluator.
    static func base(features: RecognitionFeatures = .embedding, install: Bool = true) throws -> BaseModel {
        let folder = try TinyBase.write(to: Fixtures.temporaryFolder("base"))
        if install { try TinyBase.installClassifier(into: folder, classes: classes, features: features) }
        return try BaseModel(folder: folder)
    }

    static func noise(seconds: Double, seed: UInt64) -> AudioClip {
        var rng = SeededGenerator(seed: seed)
        return AudioClip(samples: (0..<Int(seconds * 16_000)).map { _ in rng.nextNormal() * 0.1 }, sampleRate: 16_000)
    }

    @Test func evaluateRecognisesEveryClipAndSummarisesPerConcept() throws {
        let base = try Self.base()
        #expect(base.manifest?.sha256["classifier.safetensors"] != nil && base.manifest?.metrics["classifier_test_accuracy"] == 0.5)
        let text = try TinyBert.encoder()
        try text.addConcept("koto", tokens: 2, initialization: .word("instrument"))
        try text.addConcept("pans", tokens: 2, initialization: .word("instrument"))
        let generator = Generator(base: base, text: text)
        generator.vocoder.griffinLim.iterations = 1
        var s = GenerationSettings()
        s.seconds = 1; s.steps = 2
        let evaluation = ConceptEvaluation(generator: generator, scorer: AlignmentScorer(evaluator: base.evaluator!, text: text, config: base.config),
                                           recogniser: try ConceptRecogniser.load(base: base), recogniseAs: ["pans": "steel_drums"])
        let r = try evaluation.run(concepts: [("koto", .instrument), ("pans", .instrument)], references: [:],
                                   prompts: ["a slow melody", "a sad song"], clips: 2, settings: s)
        let heard = try #require(r.clips)
        #expect(heard.count == 4 && heard.map(\.seed) == [1, 2, 1, 2])
        for c in heard {
            #expect(c.probability.keys.sorted() == ["koto", "pans"])
            #expect(Self.classes.contains(c.top) && (0...1).contains(c.topProbability))
            #expect(c.probability.values.allSatisfy { (0...c.topProbability + 1e-9).contains($0) })
        }
        let summary = try #require(r.recognition)
        #expect(summary["koto"]?.className == "koto" && summary["pans"]?.className == "steel_drums")
        for (name, v) in summary {
            #expect(v.clips == 4 && v.recognised == heard.filter { $0.top == v.className }.count)
            #expect(abs(v.meanProbability - heard.map { $0.probability[name]! }.reduce(0, +) / 4) < 1e-12)
        }
        let names = r.libraryScores.map(\.name)
        #expect(names.contains("recognised.koto") && names.contains("p_concept.pans") && names.contains("text_alignment"))
        #expect(r.libraryScores.allSatisfy { $0.values.allSatisfy { $0.value.isFinite } })
    }

    @Test func aConceptWithoutAClassIsRefusedBeforeAnythingIsGenerated() throws {
        let base = try Self.base()
        let text = try TinyBert.encoder()
        try text.addConcept("zither", tokens: 1, initialization: .word("instrument"))
        let generator = Generator(base: base, text: text)
        let scorer = AlignmentScorer(evaluator: base.evaluator!, text: text, config: base.config)
        var made = 0
        var s = GenerationSettings()
        s.seconds = 1; s.steps = 1
        #expect(throws: ConceptRecogniser.Failure.self) {
            try ConceptEvaluation(generator: generator, scorer: scorer, recogniser: try ConceptRecogniser.load(base: base))
                .run(concepts: [("zither", .instrument)], references: [:], prompts: ["a song"], clips: 1, settings: s) { _, _, _ in made += 1 }
        }
        #expect(throws: ConceptRecogniser.Failure.self) {
            try ConceptEvaluation(generator: generator, scorer: scorer, recogniser: try ConceptRecogniser.load(base: base), recogniseAs: ["zither": "harp"])
                .run(concepts: [("zither", .instrument)], references: [:], prompts: ["a song"], clips: 1, settings: s) { _, _, _ in made += 1 }
        }
        #expect(made == 0)
        // Without a recogniser nothing is classified and no recognition score is stored.
        let plain = try ConceptEvaluation(generator: generator, scorer: scorer)
            .run(concepts: [("zither", .instrument)], references: [:], prompts: ["a song"], clips: 1, settings: s)
        #expect(plain.recognition == nil && plain.clips == nil && !plain.libraryScores.contains { $0.name.hasPrefix("recognised") })
    }

    @Test func recordingsAreTheMeanOfTheirTenSecondSegments() throws {
        let base = try Self.base()
        let rec = try ConceptRecogniser.load(base: base)
        let clip = Self.noise(seconds: 31, seed: 3)
        let (mean, segments) = rec.recogniseRecording(clip)
        #expect(segments.count == 3)
        #expect(abs(mean.probabilities.reduce(0, +) - 1) < 1e-4)
        for (i, p) in mean.probabilities.enumerated() {
            #expect(abs(p - segments.map { $0.probabilities[i] }.reduce(0, +) / 3) < 1e-9)
        }
        // A clip under 15 s is one segment; the same audio twice gives the same answer.
        let short = Self.noise(seconds: 6, seed: 4)
        #expect(rec.recogniseRecording(short).segments.count == 1)
        #expect(rec.recognise(short) == rec.recognise(short))
        #expect(rec.classFor(concept: "Steel Drums") == "steel_drums" && rec.classFor(concept: "piano") == nil)
    }

    @Test func aClassifierOverAnotherEvaluatorIsRefused() throws {
        let base = try Self.base(install: false)
        let other = try Self.base()
        // The classifier of `other` was written over `other`'s evaluator, the same seeded weights: accepted.
        _ = try ConceptRecogniser.load(base: base, classifier: other.folder)
        var settings = try #require(try ConceptClassifier.load(from: other.folder)).settings
        settings.evaluatorSHA256 = String(repeating: "0", count: 64)
        let stale = Fixtures.temporaryFolder("stale")
        try ConceptClassifier(settings).save(into: stale)
        #expect(throws: ConceptRecogniser.Failure.self) { try ConceptRecogniser.load(base: base, classifier: stale) }
        #expect(throws: ConceptRecogniser.Failure.self) { try ConceptRecogniser.load(base: base) }
    }

    @Test func roundTripReportsRatiosAndTheKeptCount() throws {
        let base = try Self.base(features: .melStats)
        let rec = try ConceptRecogniser.load(base: base)
        let recordings = [("koto", Self.noise(seconds: 5, seed: 1)), ("reggae", Self.noise(seconds: 6, seed: 2))]
        let identity = RoundTripVocoder(label: "same") { _, analysis, length in
            // Not a vocoder: hands back the original (found by its length), so every ratio must be 1.
            let original = recordings.first { $0.1.samples.count == length }!.1
            return AudioClip(samples: original.normalized(.rms(-20)).samples, sampleRate: analysis.config.sampleRate)
        }
        let paths = [RoundTripRecognition.Path(label: "GL", codec: nil, vocoder: .griffinLim(Vocoder(griffinLim: GriffinLim(iterations: 2)))),
                     RoundTripRecognition.Path(label: "tiny+GL", codec: base.codec, vocoder: .griffinLim(Vocoder(griffinLim: GriffinLim(iterations: 2)))),
                     RoundTripRecognition.Path(label: "same", codec: nil, vocoder: identity)]
        let r = RoundTripRecognition.measure(recordings, paths: paths, recogniser: rec)
        #expect(r.paths == ["GL", "tiny+GL", "same"] && r.rows.count == 2)
        #expect(r.rows.allSatisfy { abs($0.paths[2].ratio - 1) < 1e-6 && $0.paths[2].top == $0.original.top })
        for row in r.rows { for o in row.paths { #expect(abs(o.ratio - o.probability / row.original.probability) < 1e-9) } }
        let table = r.markdown
        #expect(table.contains("| concept | P original | top original | P GL | ratio | top |"))
        #expect(r.kept(path: 2) == 2 && table.contains("same **2/2**") && table.contains("recognised on the original"))
    }
}
