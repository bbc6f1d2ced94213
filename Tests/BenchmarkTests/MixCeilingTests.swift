import Audio
import Benchmark
import Engine
import EngineTestSupport
import Evaluation
import Foundation
import Generation
import Method
import ModelTestSupport
import Testing
import TextTestSupport

/// `benchmark ceiling`: the base model's clips mixed with a concept's recording at a level, scored
/// as learned concepts' clips are. The arithmetic here; the scores' meaning is the real model's.
@Suite struct MixCeilingTests {
    @Test func levelsReadAsDecibelsOrAlone() {
        #expect(MixCeiling.Level("-6") == .decibels(-6) && MixCeiling.Level("alone") == .alone && MixCeiling.Level("2.5") == .decibels(2.5))
        #expect(MixCeiling.Level("41") == nil && MixCeiling.Level("loud") == nil && MixCeiling.Level("nan") == nil)
        #expect(MixCeiling.Level.decibels(-6).description == "-6 dB" && MixCeiling.Level.alone.description == "alone")
    }

    @Test func segmentsAreSevenSecondsApartAndWrap() {
        let rate = 10, recording = (0..<200).map(Float.init)
        #expect(MixCeiling.segment(of: recording, length: 50, index: 0, rate: rate) == Array(recording[0..<50]))
        #expect(MixCeiling.segment(of: recording, length: 50, index: 1, rate: rate) == Array(recording[70..<120]))
        // Index 3 starts at 210 samples, past the last start (150): it wraps to 210 mod 150.
        #expect(MixCeiling.segment(of: recording, length: 50, index: 3, rate: rate) == Array(recording[60..<110]))
        #expect(MixCeiling.segment(of: [1, 2], length: 4, index: 5, rate: rate) == [1, 2, 0, 0])
    }

    @Test func theConceptIsAddedAtItsLevelOrAlone() {
        let music: [Float] = [1, -1, 0.5], segment: [Float] = [0.2, 0.4, -0.6]
        #expect(zip(MixCeiling.mix(music, segment, level: .decibels(0)), [1.2, -0.6, -0.1]).allSatisfy { abs($0 - $1) < 1e-6 })
        let quiet = MixCeiling.mix(music, segment, level: .decibels(-20))
        #expect(zip(quiet, [1.02, -0.96, 0.44]).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(MixCeiling.mix(music, segment, level: .alone) == segment)
    }

    @Test func aCellCountsEveryMixAndAveragesTextAlignmentOverPrompts() throws {
        let folder = try TinyBase.write(to: Fixtures.temporaryFolder("ceiling-base"))
        try TinyBase.installClassifier(into: folder, classes: ["koto", "reggae", "other"])
        let base = try BaseModel(folder: folder)
        let text = try TinyBert.encoder()
        let ceiling = MixCeiling(scorer: AlignmentScorer(evaluator: base.evaluator!, text: text, config: base.config),
                                 recogniser: try ConceptRecogniser.load(base: base))
        var rng = SeededGenerator(seed: 3)
        func noise(_ n: Int) -> [Float] { (0..<n).map { _ in 0.1 * rng.nextNormal() } }
        let music = (0..<2).map { _ in (0..<2).map { _ in AudioClip(samples: noise(16_000), sampleRate: 16_000) } }
        let prompts = try ["a slow melody", "a fast dance"].map { try ceiling.scorer.embed(text: $0) }
        let recording = noise(5 * 16_000)
        let cell = ceiling.score(music: music, prompts: prompts, recording: recording, className: "koto", level: .alone)

        // Alone, the clips are the recording's segments: what the scorer and the classifier make of them directly.
        let segments = (0..<2).map { p in (0..<2).map { k in
            AudioClip(samples: MixCeiling.segment(of: recording, length: 16_000, index: p * 2 + k, rate: 16_000), sampleRate: 16_000)
        } }
        let ta = zip(segments, prompts).map { ceiling.scorer.textAlignment(clips: $0.map(ceiling.scorer.embed), prompt: $1) }.reduce(0, +) / 2
        #expect(cell.clips == 4)
        #expect(cell.heard == segments.flatMap { $0 }.filter { ceiling.recogniser.recognise($0).top == "koto" }.count)
        #expect(abs(cell.textAlignment - ta) < 1e-9)
        let mixed = ceiling.score(music: music, prompts: prompts, recording: recording, className: "koto", level: .decibels(-6))
        #expect(mixed.clips == 4 && mixed.textAlignment.isFinite && mixed.textAlignment != cell.textAlignment)
    }
}
