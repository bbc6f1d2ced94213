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
        let read = try JSONDecoder().decode(LearnOptions.self, from: JSONSerialization.data(withJSONObject: old))
        // What a setting was before it could be chosen: no effects, the paper's mask scope.
        #expect(!read.augmentEffects && read.maskScope == .selfAttention && read.learningRateUNet == 3e-4 && read.tokens == 2 && read.steps == 10)
        // A wrong type is still an error, not a default.
        old["steps"] = "many"
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LearnOptions.self, from: JSONSerialization.data(withJSONObject: old)) }
    }
}

@Suite struct LearnPresetTests {
    @Test func thePaperPresetIsSectionFivePointTwoAndTheDefaultIsTheCalibratedRecipe() {
        let paper = LearnPreset.paper.options
        #expect(paper.learningRateUNet == 1e-5 && paper.learningRateTokens == 1e-4 && paper.steps == 1500 && paper.batch == 32)
        #expect(paper.pivotalPercent == 5 && paper.maskScope == .selfAttention && paper.selection == .pivotal && paper.maskEpochs == 100)
        let recommended = LearnPreset.recommended.options
        #expect(recommended == LearnOptions() && recommended != paper)
        #expect(recommended.maskScope == .allWeights && recommended.learningRateUNet == 1e-4 && recommended.steps == 750)
    }
}
