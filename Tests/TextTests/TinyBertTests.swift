import Engine
import EngineTestSupport
import Foundation
import NN
import Testing
import Text
import TextTestSupport

/// Loading, encoding and gradients on a tiny random BERT that the tests write.
@Suite struct TinyBertTests {
    @Test func loadsEveryWeightByItsCheckpointNameAndFreezesThem() throws {
        let folder = try TinyBert.write(to: Fixtures.temporaryFolder("tinybert"), seed: 5)
        let encoder = try TextEncoder(folder: folder)
        let file = Dictionary(uniqueKeysWithValues: TinyBert.checkpoint(seed: 5))
        let params = encoder.model.namedParameters()
        // Everything but the skipped position ids and pooler is a parameter, with the file's values.
        #expect(params.count == file.count - 3)
        for (name, p) in params {
            #expect(p.value.toArray() == file[name]?.toArray(), "\(name)")
            #expect(p.mode == .frozen, "\(name) must be frozen")
        }
        #expect(encoder.model.isFrozen)
        #expect(encoder.tokenizer.vocabulary.count == TinyBert.configuration.vocabSize)
        #expect(encoder.model.parameter("encoder.layer.1.attention.self.value.weight") != nil)
    }

    @Test func casingFollowsTheFoldersTokenizerConfig() throws {
        let folder = try TinyBert.write(to: Fixtures.temporaryFolder("tinybert"))
        let uncased = try BertTokenizer.load(folder: folder)
        #expect(uncased.tokens(uncased.pieces("Slow slow")) == ["slow", "slow"])
        // A cased model: the tiny vocabulary has no capitals, so "Slow" cannot be spelt.
        try Data(#"{"do_lower_case": false, "tokenize_chinese_chars": true}"#.utf8).write(to: folder.appendingPathComponent("tokenizer_config.json"))
        let cased = try BertTokenizer.load(folder: folder)
        #expect(cased.tokens(cased.pieces("Slow slow")) == ["[UNK]", "slow"])
        #expect(!cased.basic.lowercase && cased.basic.stripAccents == nil)
    }

    @Test func checkpointNamesOfOtherLayoutsMapOrAreSkipped() {
        #expect(BertModel.checkpointName("bert.encoder.layer.0.output.dense.weight") == "encoder.layer.0.output.dense.weight")
        #expect(BertModel.checkpointName("encoder.layer.3.attention.output.LayerNorm.gamma") == "encoder.layer.3.attention.output.LayerNorm.weight")
        #expect(BertModel.checkpointName("embeddings.LayerNorm.beta") == "embeddings.LayerNorm.bias")
        #expect(BertModel.checkpointName("embeddings.position_ids") == nil)
        #expect(BertModel.checkpointName("bert.pooler.dense.bias") == nil)
        #expect(BertModel.checkpointName("cls.predictions.bias") == nil)
    }

    @Test func brokenCheckpointsAreRefusedWithTheTensorNamed() throws {
        let good = TinyBert.checkpoint(seed: 1)
        let v = "encoder.layer.1.attention.self.value.weight"

        let noValue = try TinyBert.write(to: Fixtures.temporaryFolder("tinybert"), tensors: good.filter { $0.0 != v })
        #expect(throws: TextEncoderError.checkpoint(.missingTensor(name: v, file: noValue.appendingPathComponent("model.safetensors").path))) {
            try TextEncoder(folder: noValue)
        }
        let wrongShape = try TinyBert.write(to: Fixtures.temporaryFolder("tinybert"), tensors: good.map { $0.0 == v ? ($0.0, Tensor.zeros([16, 8])) : $0 })
        #expect(throws: TextEncoderError.checkpoint(.wrongShape(name: v, expected: [16, 16], found: [16, 8],
                                                               file: wrongShape.appendingPathComponent("model.safetensors").path))) {
            try TextEncoder(folder: wrongShape)
        }
        let extra = try TinyBert.write(to: Fixtures.temporaryFolder("tinybert"), tensors: good + [("encoder.layer.2.output.dense.weight", Tensor.zeros([2]))])
        #expect(throws: TextEncoderError.checkpoint(.unexpectedTensor(name: "encoder.layer.2.output.dense.weight",
                                                                     file: extra.appendingPathComponent("model.safetensors").path))) {
            try TextEncoder(folder: extra)
        }
    }

    @Test func aMissingOrIncompleteFolderNamesTheCommandThatFixesIt() throws {
        let empty = Fixtures.temporaryFolder("nothing")
        do throws(TextEncoderError) {
            _ = try TextEncoder(folder: empty)
            Issue.record("an empty folder loaded")
        } catch {
            #expect(error.missingFiles == ["config.json", "model.safetensors", "vocab.txt"])
            #expect(error.description.contains("dreamstyler setup") && error.description.contains("--text-encoder"))
            #expect(!error.description.contains("\n"))
        }
        // A truncated (empty) weights file counts as missing.
        let folder = try TinyBert.write(to: Fixtures.temporaryFolder("tinybert"))
        try Data().write(to: folder.appendingPathComponent("model.safetensors"))
        #expect(TextEncoderFolder.missingFiles(in: folder) == ["model.safetensors"])
    }

    @Test func configurationsItCannotRunAreRefused() throws {
        func config(_ edit: (inout [String: Any]) -> Void) throws -> String {
            let data = try JSONEncoder().encode(TinyBert.configuration)
            var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            edit(&json)
            return String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        }
        let cases: [(String, (inout [String: Any]) -> Void)] = [
            ("hidden_act 'relu' is not supported (only 'gelu')", { $0["hidden_act"] = "relu" }),
            ("position_embedding_type 'relative_key' is not supported (only 'absolute')", { $0["position_embedding_type"] = "relative_key" }),
            ("hidden_size 16 is not a multiple of num_attention_heads 3", { $0["num_attention_heads"] = 3 }),
            ("model_type 'roberta' is not supported; the text encoder runs BERT models", { $0["model_type"] = "roberta" }),
            ("not a BERT config.json (no 'hidden_size')", { $0["hidden_size"] = nil }),
        ]
        for (message, edit) in cases {
            let folder = try TinyBert.write(to: Fixtures.temporaryFolder("tinybert"), config: try config(edit))
            #expect(throws: TextEncoderError.invalidConfiguration(path: folder.appendingPathComponent("config.json").path, reason: message)) {
                try TextEncoder(folder: folder)
            }
        }
        // Keys that configs may leave out take BERT's defaults.
        let minimal = try TinyBert.write(to: Fixtures.temporaryFolder("tinybert"), config: try config {
            for k in ["hidden_act", "type_vocab_size", "layer_norm_eps", "pad_token_id", "position_embedding_type", "model_type"] { $0[k] = nil }
        })
        #expect(try TextEncoder(folder: minimal).model.configuration.layerNormEps == 1e-12)
    }

    @Test func aPaddedBatchEqualsEachPromptAlone() throws {
        let encoder = try TinyBert.encoder()
        let prompts = ["slow melody", "the sad song with piano and drums, playing slow jazz", "", "a"]
        let tokens = try prompts.map { try encoder.tokenize($0) }
        let batch = noGrad { encoder.states(tokens) }
        let d = encoder.hiddenSize, l = batch.shape[1]
        for (b, t) in tokens.enumerated() {
            let alone = noGrad { encoder.states([t]) }
            let row = Array(batch.toArray()[(b * l * d)..<((b * l + t.count) * d)])
            #expect(maxAbsDifference(row, alone.toArray()) < 1e-5, "\"\(t.text)\"")
            // Padding is zero.
            #expect(batch.toArray()[((b * l + t.count) * d)..<((b + 1) * l * d)].allSatisfy { $0 == 0 })
        }
        // Padding further changes nothing either.
        let wider = noGrad { encoder.states(tokens, length: l + 5) }
        #expect(maxAbsDifference(Array(wider.toArray()[0..<(tokens[0].count * d)]), Array(batch.toArray()[0..<(tokens[0].count * d)])) < 1e-5)
    }

    @Test func gradientsReachTheInputEmbeddingsThroughTheEncoder() throws {
        let encoder = try TinyBert.encoder(seed: 3)
        let d = encoder.hiddenSize
        let x = param([2, 5, d], seed: 9)
        let mask = Tensor([1, 1, 1, 1, 1, 1, 1, 1, 0, 0], shape: [2, 5])
        let report = GradientCheck(maxEntriesPerInput: 60).run([x]) { encoder.model(inputEmbeddings: x, mask: mask) }
        #expect(report.passed, "\(report)")
        // Padded inputs influence nothing that is real.
        x.zeroGrad()
        (encoder.model(inputEmbeddings: x, mask: mask) * mask.reshaped([2, 5, 1])).sum().backward()
        let padded = try #require(x.grad).toArray()[(8 * d)..<(10 * d)]
        // Not exactly zero: a masked key's weight is exp(−87.3) ≈ 1e-38 after the engine's exp clamp.
        #expect(padded.allSatisfy { abs($0) < 1e-30 }, "\(padded.map { abs($0) }.max()!)")
    }

    @Test func gradientsReachConceptEmbeddingsThroughTheWholePromptPath() throws {
        let encoder = try TinyBert.encoder(seed: 4)
        let a = try encoder.addConcept("a1", tokens: 2, initialization: .word("instrument"))
        let b = try encoder.addConcept("b1", tokens: 3, initialization: .vocabularyMean)
        let tokens = try ["slow <a1> with <b1>", "<b1>", "a <a1> melody <a1>"].map { try encoder.tokenize($0) }
        let report = GradientCheck(maxEntriesPerInput: 40).run([a.embeddings.value, b.embeddings.value]) { encoder.states(tokens) }
        #expect(report.passed, "\(report)")
    }
}

extension TextEncoderError {
    var missingFiles: [String]? {
        if case .incompleteFolder(_, let m, _) = self { return m }
        return nil
    }
}
