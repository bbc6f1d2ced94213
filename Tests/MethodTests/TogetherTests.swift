import Audio
import Engine
import EngineTestSupport
import Foundation
import Generation
import Library
import Method
import ModelTestSupport
import Testing
import TextTestSupport
import Training

/// An instrument and a genre learned together also learn from the one played over the other,
/// under prompts that name both (`TogetherMix`, `LearnOptions.togetherShare`).
@Suite(.serialized) struct TogetherTests {
    func sine(_ hz: Double, _ amplitude: Float, seconds: Double) -> AudioClip {
        AudioClip(samples: (0..<Int(seconds * 16_000)).map { amplitude * Float(sin(2 * .pi * hz * Double($0) / 16_000)) }, sampleRate: 16_000)
    }

    /// The amplitude of the `hz` component of `x` over `range` (a least-squares fit of sine and cosine).
    func amplitude(_ x: [Float], _ hz: Double, _ range: Range<Int>) -> Double {
        var s = 0.0, c = 0.0
        for i in range {
            let w = 2 * .pi * hz * Double(i) / 16_000
            s += Double(x[i]) * sin(w); c += Double(x[i]) * cos(w)
        }
        return 2 * (s * s + c * c).squareRoot() / Double(range.count)
    }

    @Test func theLeadPlaysOverTheWholeBandAtItsLevel() {
        // A quiet one-second lead over a loud 2.5-second band: looped to the band's length, brought to its RMS.
        let mix = TogetherMix.mix(lead: [sine(440, 0.05, seconds: 1)], band: [sine(110, 0.4, seconds: 2.5)])
        #expect(mix.samples.count == 40_000 && mix.sampleRate == 16_000)
        #expect(abs(AudioClip.dBFS(mix.rms) + 20) < 0.05, "\(AudioClip.dBFS(mix.rms)) dBFS")
        for second in [0..<16_000, 16_000..<32_000] {
            let lead = amplitude(mix.samples, 440, second), band = amplitude(mix.samples, 110, second)
            #expect(abs(lead / band - 1) < 0.02, "lead \(lead), band \(band) over \(second)")
        }
        // Two lead clips play end to end; the band's longer than the lead here, so the lead loops.
        let two = TogetherMix.mix(lead: [sine(440, 0.1, seconds: 1), sine(660, 0.1, seconds: 1)], band: [sine(110, 0.1, seconds: 3)])
        #expect(amplitude(two.samples, 660, 16_000..<32_000) > 0.05 && amplitude(two.samples, 660, 0..<16_000) < 0.01)
        #expect(amplitude(two.samples, 440, 32_000..<48_000) > 0.05)
    }

    @Test func promptsNameBothConcepts() {
        var rng = SeededGenerator(seed: 3)
        var described = 0
        for _ in 0..<200 {
            let p = TrainingPrompts.described.prompt(instrument: "koto", genre: "reggae", rng: &rng)
            #expect(p.contains("<koto>") && p.contains("<reggae>"), "\(p)")
            if p.hasSuffix(".") { described += 1 }
            let s = TrainingPrompts.short.prompt(instrument: "koto", genre: "reggae", rng: &rng)
            #expect(PromptTemplates.together.contains { PromptTemplates.fill($0, instrument: "koto", genre: "reggae") == s }, "\(s)")
        }
        #expect(described > 70 && described < 130, "\(described) of 200 described")
    }

    @Test func togetherRowsLeaveEachConceptRows() throws {
        var o = LearnOptions()
        #expect(o.togetherShare == 0 && o.togetherRows == 0 && LearnOptions.paper.togetherShare == 0)
        o.togetherShare = 0.25
        #expect(o.priorRows == 8 && o.togetherRows == 6)
        o.batch = 2
        #expect(o.priorRows == 1 && o.togetherRows == 0)
        o.batch = 4; o.priorShare = 0; o.togetherShare = 0.75
        #expect(o.togetherRows == 3)
        let a = o.arguments, i = a.firstIndex(of: "--together-share")
        #expect(i != nil && a[i! + 1] == "0.75")
        // Settings stored before the option existed read as none.
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(LearnOptions())) as! [String: Any]
        json["togetherShare"] = nil
        #expect(try JSONDecoder().decode(LearnOptions.self, from: JSONSerialization.data(withJSONObject: json)).togetherShare == 0)
    }

    func learner(share: Double, together: Bool) throws -> ConceptLearner {
        let base = try BaseModel(folder: TinyBase.write(to: Fixtures.temporaryFolder("together-base")))
        var o = LearnOptions()
        o.steps = 4; o.batch = 4; o.frames = 8; o.checkpointEvery = 2; o.priorShare = 0
        o.togetherShare = share
        let folder = Fixtures.temporaryFolder("together-ref")
        let k = folder.appendingPathComponent("k.wav").path, r = folder.appendingPathComponent("r.wav").path
        try AudioFile.write(sine(330, 0.3, seconds: 11), to: k)
        try AudioFile.write(sine(110, 0.3, seconds: 12), to: r)
        var clock = PhaseClock()
        let concepts = [ConceptLearner.Concept(name: "koto", kind: .instrument, references: try ReferenceSet.load([k], base: base, augment: true)),
                        ConceptLearner.Concept(name: "reggae", kind: .genre, references: try ReferenceSet.load([r], base: base, augment: true))]
        let mix = try ReferenceSet.together(instrument: [k], genre: [r], base: base, augment: true, clock: &clock)
        #expect(mix.files == [k, r] && abs(mix.seconds - 12) < 0.01)
        return try ConceptLearner(base: base, text: try TinyBert.encoder(), concepts: concepts,
                                  together: together ? [.init(instrument: "koto", genre: "reggae", references: mix)] : [], options: o)
    }

    @Test func togetherRowsChangeTheLossOnlyWhenTheLearnHasAPair() throws {
        func loss(_ l: ConceptLearner, _ together: Bool) throws -> Float {
            var rng = SeededGenerator(seed: 9)
            return try noGrad { try l.diffusionLoss(l.concepts, together: together ? l.together : [], rng: &rng).item() }
        }
        let plain = try loss(learner(share: 0, together: false), false)
        // A share without a pair to mix draws exactly what no share does.
        #expect(try loss(learner(share: 0.5, together: false), false) == plain)
        let mixed = try loss(learner(share: 0.5, together: true), true)
        #expect(mixed.isFinite && mixed != plain)
    }

    @Test func aLearnOfAnInstrumentAndAGenreTrainsOnTheirMix() throws {
        let box = try LearnSandbox()
        let genre = box.data.deletingLastPathComponent().appendingPathComponent("band.wav").path
        try AudioFile.write(sine(110, 0.3, seconds: 12), to: genre)
        var o = LearnOptions()
        o.steps = 4; o.batch = 4; o.frames = 8; o.checkpointEvery = 2; o.priorShare = 0
        o.togetherShare = 0.5
        let s = try LearnSession(specs: [.init(name: "koto", kind: .instrument, files: [box.tone]), .init(name: "reggae", kind: .genre, files: [genre])],
                                 options: o, base: box.base, text: try TinyBert.encoder(), library: box.library, resume: false)
        s.runsRoot = box.data.appendingPathComponent("concepts")
        s.sampleEvery = 0
        let r = try s.run(stop: StopSignal())
        #expect(r.status == .learned && r.conceptNames == ["koto", "reggae"])
        #expect(r.config.contains("\"togetherShare\":0.5"))
    }
}
