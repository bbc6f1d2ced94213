import Engine
import Foundation
import Method
import Testing

@Suite struct LearnOptionsTests {
    @Test func settingsRoundTripAndOlderOnesTakeTheNewDefaults() throws {
        var o = LearnOptions()
        o.learningRateUNet = 3e-4; o.augmentEffects = true; o.tokens = 2; o.steps = 10
        let back = try JSONDecoder().decode(LearnOptions.self, from: JSONEncoder().encode(o))
        #expect(back == o)
        // Settings as an earlier version stored them: no augmentEffects key.
        var old = try JSONSerialization.jsonObject(with: JSONEncoder().encode(o)) as! [String: Any]
        old.removeValue(forKey: "augmentEffects")
        old.removeValue(forKey: "maskScope")
        old.removeValue(forKey: "prompts")
        let read = try JSONDecoder().decode(LearnOptions.self, from: JSONSerialization.data(withJSONObject: old))
        // What a setting was before it could be chosen: no effects, the paper's mask scope.
        #expect(!read.augmentEffects && read.maskScope == .selfAttention && read.prompts == .short && read.learningRateUNet == 3e-4 && read.tokens == 2 && read.steps == 10)
        // Before P depended on the kind, one P held for genres too.
        old.removeValue(forKey: "genrePivotalPercent")
        old["pivotalPercent"] = 2.5
        let single = try JSONDecoder().decode(LearnOptions.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(single.pivotalPercent(for: .genre) == 2.5 && single.pivotalPercent(for: .instrument) == 2.5)
        // A wrong type is still an error, not a default.
        old["steps"] = "many"
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LearnOptions.self, from: JSONSerialization.data(withJSONObject: old)) }
    }
}

@Suite struct KindPivotalTests {
    @Test func aGenreTrainsAllEntriesAndAnInstrumentFivePerCentByDefault() {
        let o = LearnOptions()
        #expect(o.pivotalPercent(for: .instrument) == 5 && o.pivotalPercent(for: .genre) == 100)
        // Concepts learned together: the largest P, the share their united selection reaches.
        #expect(o.pivotalPercent(for: [.instrument]) == 5 && o.pivotalPercent(for: [.instrument, .genre]) == 100)
        #expect(LearnOptions.paper.pivotalPercent(for: .genre) == 5)
    }
}

@Suite struct LearnPresetTests {
    @Test func thePaperPresetIsSectionFivePointTwoAndTheDefaultIsTheCalibratedRecipe() {
        let paper = LearnPreset.paper.options
        #expect(paper.learningRateUNet == 1e-5 && paper.learningRateTokens == 1e-4 && paper.steps == 1500 && paper.batch == 32)
        #expect(paper.pivotalPercent == 5 && paper.maskScope == .selfAttention && paper.selection == .pivotal && paper.maskEpochs == 100)
        #expect(paper.prompts == .short)
        let recommended = LearnPreset.recommended.options
        #expect(recommended == LearnOptions() && recommended != paper)
        #expect(recommended.maskScope == .allWeights && recommended.learningRateUNet == 1e-4 && recommended.steps == 750)
    }
}

@Suite struct TrainingPromptsTests {
    /// Short prompts are the templates, drawn as before (one draw each), so learns made
    /// before the choice existed replay bit for bit.
    @Test func shortPromptsAreTheTemplatesWithOneDrawEach() {
        var a = SeededGenerator(seed: 3), b = SeededGenerator(seed: 3)
        for _ in 0..<20 {
            let p = TrainingPrompts.short.prompt(name: "sitar", kind: .instrument, rng: &a)
            let templates = PromptTemplates.templates(kind: .instrument)
            #expect(p == PromptTemplates.fill(templates[Int(b.next() % UInt64(templates.count))], name: "sitar"))
        }
    }

    @Test func describedPromptsMixTemplatesAndDescriptionsAndAreSeeded() {
        for kind in ConceptKind.allCases {
            var rng = SeededGenerator(seed: 5), again = SeededGenerator(seed: 5)
            let prompts = (0..<200).map { _ in TrainingPrompts.described.prompt(name: "x", kind: kind, rng: &rng) }
            #expect(prompts == (0..<200).map { _ in TrainingPrompts.described.prompt(name: "x", kind: kind, rng: &again) })
            let templates = Set(PromptTemplates.templates(kind: kind).map { PromptTemplates.fill($0, name: "x") })
            let described = prompts.filter { !templates.contains($0) }
            // About half are descriptions, each naming the concept once, longer than any template.
            #expect(described.count > 70 && described.count < 130)
            #expect(described.allSatisfy { $0.components(separatedBy: "<x>").count == 2 && $0.split(separator: " ").count >= 6 })
            #expect(Set(described).count > 80)
            // Where a description does not fit the text encoder, the short template drawn with it stands.
            var narrow = SeededGenerator(seed: 5)
            let fallback = (0..<200).map { _ in TrainingPrompts.described.prompt(name: "x", kind: kind, rng: &narrow) { $0.count < 20 } }
            #expect(fallback.allSatisfy { templates.contains($0) || $0.count < 20 })
        }
    }
}
