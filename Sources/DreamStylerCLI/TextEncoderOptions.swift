import ArgumentParser
import ConceptGrammar
import Foundation
import Text

/// `--text-encoder DIR`, shared by every command that reads text.
struct TextEncoderOptions: ParsableArguments {
    @Option(name: .customLong("text-encoder"),
            help: ArgumentHelp("A Hugging Face BERT folder (config.json, model.safetensors, vocab.txt); default: the all-MiniLM-L6-v2 that `dreamstyler setup` installs.",
                               valueName: "dir"))
    var folder: String?

    @Option(help: ArgumentHelp("The most tokens of a prompt, [CLS] and [SEP] included (default: \(TextEncoder.defaultMaxLength), or all the model's positions if it has fewer).",
                               valueName: "n"))
    var maxLength: Int?

    func validate() throws {
        if let n = maxLength, n < 3 { throw ValidationError("--max-length must be at least 3") }
    }

    /// Loads the encoder; a missing or incomplete folder is a one-line error naming the fix.
    func load() throws -> TextEncoder {
        let url = folder.map { URL(fileURLWithPath: $0) } ?? TextEncoderFolder.defaultFolder
        let encoder = try TextEncoder(folder: url)
        if let n = maxLength {
            let positions = encoder.model.configuration.maxPositionEmbeddings
            guard n <= positions else { throw ValidationError("--max-length \(n) exceeds the model's \(positions) positions") }
            encoder.maxLength = n
        }
        return encoder
    }

    /// The most tokens a prompt may have before the model is loaded (for checks in `validate`).
    var maxLengthBound: Int { maxLength ?? TextEncoder.defaultMaxLength }
}

/// A concept given on the command line: `NAME=WORD` starts from a word's embedding,
/// a bare `NAME` from the vocabulary mean.
struct ConceptSpec: ExpressibleByArgument, Sendable {
    var name: String
    var initialization: ConceptInitialization

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard let first = parts.first, ConceptName.isValid(first) else { return nil }
        name = first
        if parts.count == 2 {
            guard !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            initialization = .word(parts[1])
        } else {
            initialization = .vocabularyMean
        }
    }

    init(name: String, word: String) {
        self.name = name
        self.initialization = .word(word)
    }

    /// How the option's default shows in --help.
    var defaultValueDescription: String {
        if case .word(let w) = initialization { return "\(name)=\(w)" }
        return name
    }
}

extension TextEncoder {
    /// Adds the concepts given on the command line, `tokens` identifier tokens each.
    func addConcepts(_ specs: [ConceptSpec], tokens: Int, seed: UInt64?) throws {
        for s in specs {
            try addConcept(s.name, tokens: tokens, initialization: s.initialization, seed: seed.map { $0 &+ TextEncoder.seedOffset(s.name) })
        }
    }

    /// Keeps one --seed from giving two concepts the same noise.
    static func seedOffset(_ name: String) -> UInt64 {
        name.utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) }
    }
}
