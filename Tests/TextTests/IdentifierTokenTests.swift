import Engine
import EngineTestSupport
import Foundation
import NN
import Testing
import Text
import TextTestSupport

/// Concepts' identifier tokens: how prompts name them, how they start, and the errors.
@Suite struct IdentifierTokenTests {
    @Test func aConceptReplacesItsNameByItsTokens() throws {
        let encoder = try TinyBert.encoder()
        try encoder.addConcept("koto", initialization: .word("instrument"))
        try encoder.addConcept("dub-2", tokens: 1, initialization: .vocabularyMean)
        let p = try encoder.tokenize("a slow melody on <koto>, with <dub-2> and <koto>")
        #expect(p.tokenStrings(encoder.tokenizer) == ["[CLS]", "a", "slow", "melody", "on", "<koto_1>", "<koto_2>", "<koto_3>", ",", "with",
                                                      "<dub-2_1>", "and", "<koto_1>", "<koto_2>", "<koto_3>", "[SEP]"])
        #expect(p.conceptNames == ["koto", "dub-2"])
        #expect(p.positions(of: "koto") == [5, 6, 7, 12, 13, 14])
        #expect(p.hasIdentifiers)
        // Text around the names tokenises as it would without them.
        #expect(try encoder.tokenize("a < b <3 <not a name>").ids == encoder.tokenizer.encode("a < b <3 <not a name>", maxLength: 64))
    }

    @Test func anUnknownNameIsAnErrorListingTheKnownOnes() throws {
        let encoder = try TinyBert.encoder()
        #expect(throws: TextEncoderError.unknownConcept(name: "koto", known: [])) { try encoder.tokenize("<koto>") }
        try encoder.addConcept("koto", initialization: .word("instrument"))
        try encoder.addConcept("reggae", initialization: .word("genre"))
        #expect(throws: TextEncoderError.unknownConcept(name: "sitar", known: ["koto", "reggae"])) { try encoder.encode(["<koto>", "a <sitar>"]) }
        #expect(TextEncoderError.unknownConcept(name: "sitar", known: ["koto", "reggae"]).description
            == "unknown concept <sitar> in the prompt (known: <koto>, <reggae>)")
    }

    @Test func conceptNamesAndSizesAreChecked() throws {
        let encoder = try TinyBert.encoder()
        #expect(throws: TextEncoderError.invalidConceptName("my koto")) { try encoder.addConcept("my koto", initialization: .vocabularyMean) }
        #expect(throws: TextEncoderError.invalidConceptName("")) { try encoder.addConcept("", initialization: .vocabularyMean) }
        #expect(throws: TextEncoderError.unknownWord("theremin€")) { try encoder.addConcept("x", initialization: .word("theremin€")) }
        #expect(throws: TextEncoderError.invalidConceptEmbeddings(name: "x", shape: [0, 16], expected: "1…22 tokens of 16")) {
            try encoder.addConcept("x", tokens: 0, initialization: .vocabularyMean)
        }
        try encoder.addConcept("x", initialization: .vocabularyMean)
        #expect(throws: TextEncoderError.duplicateConcept("x")) { try encoder.addConcept("x", initialization: .vocabularyMean) }
        #expect(throws: TextEncoderError.invalidConceptEmbeddings(name: "y", shape: [2, 5], expected: "(tokens ≥ 1, 16)")) {
            try encoder.addConcept("y", embeddings: Tensor.zeros([2, 5]))
        }
        #expect(encoder.concepts.names == ["x"])
    }

    @Test func tokensStartAtTheirWordPlusSmallSeededNoise() throws {
        let encoder = try TinyBert.encoder()
        let d = encoder.hiddenSize
        let word = try encoder.initialEmbedding(.word("instrument"))
        let table = encoder.model.embeddings.wordEmbeddings.weight.value
        let id = try #require(encoder.tokenizer.vocabulary.id("instrument"))
        #expect(word == Array(table.toArray()[(id * d)..<((id + 1) * d)]))
        // A word of several pieces starts from their mean.
        let ids = encoder.tokenizer.pieces("playing")
        #expect(ids.count == 2)
        let mean = try encoder.initialEmbedding(.word("playing"))
        for j in 0..<d { #expect(abs(mean[j] - (table[ids[0], j] + table[ids[1], j]) / 2) < 1e-6) }

        let c = try encoder.addConcept("koto", tokens: 3, initialization: .word("instrument"), noise: 0.1, seed: 42)
        #expect(c.embeddings.shape == [3, d] && c.embeddings.mode == .full && c.tokenNames == ["<koto_1>", "<koto_2>", "<koto_3>"])
        let rms = (word.reduce(0) { $0 + $1 * $1 } / Float(d)).squareRoot()
        var rows: [[Float]] = []
        for k in 0..<3 {
            let row = Array(c.embeddings.value.toArray()[(k * d)..<((k + 1) * d)])
            let noise = zip(row, word).map { $0 - $1 }
            let std = (noise.reduce(0) { $0 + $1 * $1 } / Float(d)).squareRoot()
            #expect(std > 0.03 * rms && std < 0.3 * rms, "token \(k): noise \(std) for rms \(rms)")
            rows.append(row)
        }
        #expect(rows[0] != rows[1] && rows[1] != rows[2])
        // The same seed gives the same tokens; by default the seed comes from the name.
        let again = try TinyBert.encoder()
        #expect(try again.addConcept("koto", tokens: 3, initialization: .word("instrument"), noise: 0.1, seed: 42).embeddings.value.toArray()
            == c.embeddings.value.toArray())
        let byName1 = try again.addConcept("a", initialization: .word("genre")).embeddings.value.toArray()
        let byName2 = try TinyBert.encoder().addConcept("a", initialization: .word("genre")).embeddings.value.toArray()
        let other = try again.addConcept("b", initialization: .word("genre")).embeddings.value.toArray()
        #expect(byName1 == byName2 && byName1 != other)
    }

    @Test func theVocabularyMeanIsTheMeanOfEveryRow() throws {
        let encoder = try TinyBert.encoder()
        let d = encoder.hiddenSize, v = encoder.tokenizer.vocabulary.count
        let table = encoder.model.embeddings.wordEmbeddings.weight.value.toArray()
        let mean = try encoder.initialEmbedding(.vocabularyMean)
        for j in 0..<d {
            let m = (0..<v).reduce(0.0) { $0 + Double(table[$1 * d + j]) } / Double(v)
            #expect(abs(Double(mean[j]) - m) < 1e-6)
        }
    }

    @Test func identifierEmbeddingsAreWhatTheEncoderReads() throws {
        // A concept whose tokens equal a word's embedding encodes exactly like that word.
        let encoder = try TinyBert.encoder()
        let d = encoder.hiddenSize
        let id = try #require(encoder.tokenizer.vocabulary.id("piano"))
        let row = Array(encoder.model.embeddings.wordEmbeddings.weight.value.toArray()[(id * d)..<((id + 1) * d)])
        try encoder.addConcept("p", embeddings: Tensor(row, shape: [1, d]))
        let viaConcept = try noGrad { try encoder.encode(["slow <p> melody"]) }.states.toArray()
        let viaWord = try noGrad { try encoder.encode(["slow piano melody"]) }.states.toArray()
        #expect(maxAbsDifference(viaConcept, viaWord) < 1e-6)
    }

    @Test func truncationNeverCutsIntoIdentifiers() throws {
        let encoder = try TinyBert.encoder()
        encoder.maxLength = 8
        try encoder.addConcept("koto", initialization: .word("instrument"))
        #expect(try encoder.tokenize("<koto> slow sad melody with piano").count == 8)
        #expect(try encoder.tokenize("slow sad melody <koto>").count == 8)
        #expect(throws: TextEncoderError.promptTooLong(prompt: "slow sad melody with <koto>", tokens: 9, limit: 8)) {
            try encoder.tokenize("slow sad melody with <koto>")
        }
    }
}
