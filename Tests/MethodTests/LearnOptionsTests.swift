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
        let read = try JSONDecoder().decode(LearnOptions.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(read.augmentEffects == LearnOptions().augmentEffects && read.learningRateUNet == 3e-4 && read.tokens == 2 && read.steps == 10)
        // A wrong type is still an error, not a default.
        old["steps"] = "many"
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LearnOptions.self, from: JSONSerialization.data(withJSONObject: old)) }
    }
}
