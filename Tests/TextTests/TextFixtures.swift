import Engine
import EngineTestSupport
import Foundation
import NN
import Testing
import Text

/// The real all-MiniLM-L6-v2 (installed by Scripts/setup) and the reference
/// outputs of the original implementation beside the repository.
enum MiniLM {
    /// Tests that need the real model are skipped only when asked; otherwise a
    /// missing model fails them with the way to install it (CI sets up first).
    static var skipped: Bool { ProcessInfo.processInfo.environment["DREAMSTYLER_SKIP_MINILM"] == "1" }
    static let skipReason: Comment = "the real all-MiniLM-L6-v2 tests are skipped on request (DREAMSTYLER_SKIP_MINILM=1)"

    /// The one issue a test records when the model cannot be read.
    struct Unavailable: Error, CustomStringConvertible {
        let reason: String
        var description: String {
            "\(reason) — run Scripts/setup (or `dreamstyler setup`) to install all-MiniLM-L6-v2, "
                + "or set DREAMSTYLER_SKIP_MINILM=1 to skip the real-model tests"
        }
    }

    /// Model and tokenizer, loaded once and shared: the model is frozen and only read.
    final class Loaded: @unchecked Sendable {
        let model: BertModel
        let tokenizer: BertTokenizer
        init(model: BertModel, tokenizer: BertTokenizer) {
            self.model = model
            self.tokenizer = tokenizer
        }
    }

    private static let loaded: Result<Loaded, TextEncoderError> = {
        let folder = Fixtures.miniLMFolder
        do throws(TextEncoderError) {
            try TextEncoderFolder.check(folder)
            let config = try BertConfiguration.load(from: folder.appendingPathComponent("config.json"))
            let model = try BertModel.load(configuration: config, weights: folder.appendingPathComponent("model.safetensors"))
            return .success(Loaded(model: model, tokenizer: try BertTokenizer.load(folder: folder)))
        } catch {
            return .failure(error)
        }
    }()

    /// A fresh encoder (own concepts and cache) over the shared model; throws the way
    /// to install the model when it is missing.
    static func encoder() throws -> TextEncoder {
        switch loaded {
        case .success(let l): return try TextEncoder(model: l.model, tokenizer: l.tokenizer, folder: Fixtures.miniLMFolder)
        case .failure(.incompleteFolder(let path, let missing, _)):
            throw Unavailable(reason: "all-MiniLM-L6-v2 is not at \(path) (no \(missing.joined(separator: ", ")))")
        case .failure(let e): throw Unavailable(reason: e.description)
        }
    }

    struct Sentence: Decodable {
        let text: String
        let tokens: [String]?
        let input_ids: [Int]
        let attention_mask: [Int]
        let num_tokens: Int
        let last_hidden_state: [[Float]]?
        let mean_pooled: [Float]
        let embedding_normalized: [Float]
    }

    struct Reference: Decodable {
        let sentences: [Sentence]
        let extra_truncation_case: [Sentence]
    }

    static let referenceURL = Fixtures.sharedReference.appendingPathComponent("minilm/reference.json")

    static func reference() throws -> Reference {
        guard let data = try? Data(contentsOf: referenceURL) else {
            throw Unavailable(reason: "no reference outputs at \(referenceURL.path) (shared/reference/minilm beside the repository)")
        }
        return try JSONDecoder().decode(Reference.self, from: data)
    }
}

/// A tiny random BERT written to a temporary folder the way Hugging Face lays one
/// out — config.json, vocab.txt, model.safetensors under the checkpoint's names —
/// so that loading, tokenising and encoding are tested without any download.
enum TinyBert {
    static let words = ["a", "the", "slow", "sad", "melody", "with", "on", "music", "piano", "guitar", "drum", "play", "song",
                        "instrument", "genre", "cafe", "jazz", "un", "bass", "and", "οδοσ", "ασ", "音"]
    static let pieces = ["##s", "##ing", "##able", "##ed", "##o", "##to", "ko"]

    /// Special tokens, words, word pieces, then every ASCII punctuation mark and letter
    /// (and their continuations), so that every ASCII word can be spelt.
    static var vocabulary: [String] {
        var v = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + words + pieces
        for u in Unicode.Scalar(33)!.value...Unicode.Scalar(126)!.value {
            let c = Unicode.Scalar(u)!
            guard !("A"..."Z").contains(c) else { continue }
            let s = String(Character(c))
            if !v.contains(s) { v.append(s) }
            if ("a"..."z").contains(c) && !v.contains("##" + s) { v.append("##" + s) }
        }
        return v
    }

    static let configuration = BertConfiguration(vocabSize: vocabulary.count, hiddenSize: 16, numHiddenLayers: 2,
                                                 numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 24)

    /// Every tensor of the checkpoint, named as `transformers` saves a `BertModel`,
    /// plus the two kinds of tensor the loader must skip (position ids, pooler).
    static func checkpoint(seed: UInt64) -> [(String, Tensor)] {
        let c = configuration
        var rng = SeededGenerator(seed: seed)
        func w(_ shape: [Int], _ std: Float = 0.3) -> Tensor { Tensor.randn(shape, std: std, using: &rng) }
        func ln(_ n: Int) -> (Tensor, Tensor) { (Tensor.randn([n], std: 0.1, mean: 1, using: &rng), w([n], 0.1)) }
        let (d, f) = (c.hiddenSize, c.intermediateSize)
        var t: [(String, Tensor)] = [
            ("embeddings.word_embeddings.weight", w([c.vocabSize, d], 1)),
            ("embeddings.position_embeddings.weight", w([c.maxPositionEmbeddings, d], 0.5)),
            ("embeddings.token_type_embeddings.weight", w([c.typeVocabSize, d], 0.5)),
            ("embeddings.position_ids", Tensor.arange(c.maxPositionEmbeddings).reshaped([1, c.maxPositionEmbeddings])),
        ]
        let (g, b) = ln(d)
        t += [("embeddings.LayerNorm.weight", g), ("embeddings.LayerNorm.bias", b)]
        for i in 0..<c.numHiddenLayers {
            let p = "encoder.layer.\(i)."
            for n in ["query", "key", "value"] {
                t += [(p + "attention.self.\(n).weight", w([d, d])), (p + "attention.self.\(n).bias", w([d], 0.1))]
            }
            let (g1, b1) = ln(d), (g2, b2) = ln(d)
            t += [(p + "attention.output.dense.weight", w([d, d])), (p + "attention.output.dense.bias", w([d], 0.1)),
                  (p + "attention.output.LayerNorm.weight", g1), (p + "attention.output.LayerNorm.bias", b1),
                  (p + "intermediate.dense.weight", w([f, d])), (p + "intermediate.dense.bias", w([f], 0.1)),
                  (p + "output.dense.weight", w([d, f], 0.2)), (p + "output.dense.bias", w([d], 0.1)),
                  (p + "output.LayerNorm.weight", g2), (p + "output.LayerNorm.bias", b2)]
        }
        t += [("pooler.dense.weight", w([d, d])), ("pooler.dense.bias", w([d]))]
        return t
    }

    /// Writes the folder; `tensors` replaces the checkpoint (for broken-file tests).
    @discardableResult
    static func write(to folder: URL, seed: UInt64 = 1, tensors: [(String, Tensor)]? = nil, config: String? = nil) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let configData = try config.map { Data($0.utf8) } ?? enc.encode(configuration)
        try configData.write(to: folder.appendingPathComponent("config.json"))
        try Data((vocabulary.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("vocab.txt"))
        try SafeTensors.write(tensors ?? checkpoint(seed: seed), to: folder.appendingPathComponent("model.safetensors"))
        return folder
    }

    /// An encoder over a freshly written tiny BERT.
    static func encoder(seed: UInt64 = 1) throws -> TextEncoder {
        try TextEncoder(folder: write(to: Fixtures.temporaryFolder("tinybert"), seed: seed))
    }
}

/// Largest |a − b| between a tensor's row block and reference rows.
func maxDifference(_ t: Tensor, batch b: Int, rows: [[Float]]) -> Float {
    let (l, d) = (t.shape[1], t.shape[2])
    var worst: Float = 0
    for (i, row) in rows.enumerated() {
        for j in 0..<d { worst = max(worst, abs(t.data[(b * l + i) * d + j] - row[j])) }
    }
    return worst
}
