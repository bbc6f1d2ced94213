import Engine
import EngineTestSupport
import Foundation
import Text

/// A tiny random BERT written to a temporary folder the way Hugging Face lays one
/// out — config.json, vocab.txt, model.safetensors under the checkpoint's names —
/// so that loading, tokenising and encoding are tested without any download.
public enum TinyBert {
    public static let words = ["a", "the", "slow", "sad", "melody", "with", "on", "music", "piano", "guitar", "drum", "play", "song",
                        "instrument", "genre", "cafe", "jazz", "un", "bass", "and", "οδοσ", "ασ", "音"]
    public static let pieces = ["##s", "##ing", "##able", "##ed", "##o", "##to", "ko"]

    /// Special tokens, words, word pieces, then every ASCII punctuation mark and letter
    /// (and their continuations), so that every ASCII word can be spelt.
    public static var vocabulary: [String] {
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

    public static let configuration = BertConfiguration(vocabSize: vocabulary.count, hiddenSize: 16, numHiddenLayers: 2,
                                                 numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 24)

    /// Every tensor of the checkpoint, named as `transformers` saves a `BertModel`,
    /// plus the two kinds of tensor the loader must skip (position ids, pooler).
    public static func checkpoint(seed: UInt64) -> [(String, Tensor)] {
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
    public static func write(to folder: URL, seed: UInt64 = 1, tensors: [(String, Tensor)]? = nil, config: String? = nil) throws -> URL {
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
    public static func encoder(seed: UInt64 = 1) throws -> TextEncoder {
        try TextEncoder(folder: write(to: Fixtures.temporaryFolder("tinybert"), seed: seed))
    }
}

