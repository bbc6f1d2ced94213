import Engine
import EngineTestSupport
import Foundation
import Testing
import Text
import TextTestSupport

@Suite struct ConceptEnhancementTests {
    @Test func measuresIdentifierSimilarityBareAndDescribed() throws {
        let encoder = try TinyBert.encoder()
        try encoder.addConcept("koto", initialization: .word("instrument"))
        try encoder.addConcept("twin", initialization: .word("instrument"))
        try encoder.addConcept("reggae", initialization: .word("genre"))
        let near = try ConceptEnhancement.measure(encoder, "koto", "twin", description: "a slow melody with {}")
        let far = try ConceptEnhancement.measure(encoder, "koto", "reggae", description: "a slow melody with {}")
        for r in [near, far] {
            #expect(abs(r.bareCosine) <= 1 && abs(r.describedCosine) <= 1)
        }
        // Two concepts from the same word start nearly alike; from different words, less so.
        #expect(near.bareCosine > 0.9 && near.bareCosine > far.bareCosine)
        // Symmetric, and the same as computing it by hand.
        let swapped = try ConceptEnhancement.measure(encoder, "reggae", "koto", description: "a slow melody with {}")
        #expect(abs(swapped.describedCosine - far.describedCosine) < 1e-9)
        let e = try noGrad { try encoder.encode(["a slow melody with <koto>", "a slow melody with <reggae>"]) }
        let k = try #require(e.identifierState(of: "koto", prompt: 0)), r = try #require(e.identifierState(of: "reggae", prompt: 1))
        #expect(abs(Pooling.cosine(k, r) - far.describedCosine) < 1e-6)
        #expect(e.identifierState(of: "koto", prompt: 1) == nil)
    }

    @Test(.enabled(if: !MiniLM.skipped, MiniLM.skipReason))
    func onMiniLMADescriptionPullsIdentifiersTogether() throws {
        let encoder = try MiniLM.encoder()
        try encoder.addConcept("koto", initialization: .word("instrument"))
        try encoder.addConcept("reggae", initialization: .word("genre"))
        let r = try ConceptEnhancement.measure(encoder, "koto", "reggae")
        print("concept enhancement on MiniLM (3 tokens, initialised): bare \(r.bareCosine), described \(r.describedCosine)")
        #expect(r.describedCosine > r.bareCosine)
    }
}
