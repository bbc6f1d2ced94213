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

    static let referenceURL = Fixtures.reference.appendingPathComponent("minilm/reference.json")

    static func reference() throws -> Reference {
        guard let data = try? Data(contentsOf: referenceURL) else {
            throw Unavailable(reason: "no reference outputs at \(referenceURL.path) (Tests/Fixtures/minilm)")
        }
        return try JSONDecoder().decode(Reference.self, from: data)
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
