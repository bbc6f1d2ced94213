import ArgumentParser
import Engine
import Foundation
import Method
import Text

extension DreamStyler {
    struct TextEnhancement: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enhancement",
            abstract: "Concept enhancement (paper Fig. 3b): how alike two concepts' identifiers come out of the encoder.",
            discussion: """
            For two concepts, the cosine similarity of their encoded identifiers (the mean \
            output state at each concept's identifier tokens), with the bare prompt <name> \
            and with the same description around both. One row per token count: more tokens \
            per concept should keep the two apart once a description is added. Until concepts \
            --delta is given, the identifiers are freshly initialised from --concept; with --delta,             each file's learned identifiers are measured (one row per file; a joint delta of two             concepts, e.g. from `benchmark run`'s Table 3).

            Examples:
              dreamstyler text enhancement --concept koto=instrument --concept reggae=genre --tokens 1 3 5
              dreamstyler text enhancement --delta results/deltas/koto+reggae_dreamstyler_t1_p5.delta.safetensors \
                  --delta results/deltas/koto+reggae_dreamstyler_t3_p5.delta.safetensors
            """)

        @Option(help: "A learned delta holding two concepts (repeatable): measure its identifiers.")
        var delta: [String] = []

        @Option(name: .customLong("concept"), help: ArgumentHelp("A concept: NAME=WORD or NAME (vocabulary mean); give exactly two.", valueName: "name[=word]"))
        var concepts: [ConceptSpec] = [ConceptSpec(name: "koto", word: "instrument"), ConceptSpec(name: "reggae", word: "genre")]

        @Option(parsing: .upToNextOption, help: "Identifier tokens per concept, one row each.")
        var tokens: [Int] = [1, 3, 5]

        @Option(help: "The description; {} marks where <name> goes.")
        var description = ConceptEnhancement.defaultDescription

        @Option(help: "Seed of the concepts' initial noise (default: from each name).")
        var seed: UInt64?

        @Flag(help: "Print the results as JSON.")
        var json = false

        @OptionGroup var encoder: TextEncoderOptions

        func validate() throws {
            guard concepts.count == 2 else { throw ValidationError("give exactly two --concept options") }
            guard concepts[0].name != concepts[1].name else { throw ValidationError("the two concepts need different names") }
            guard !tokens.isEmpty, tokens.allSatisfy({ ConceptDelta.tokenRange.contains($0) }) else { throw ValidationError("--tokens needs counts from 1 to 16") }
            guard description.contains("{}") else { throw ValidationError("--description needs a {} where the concept goes") }
        }

        struct Row: Codable {
            var tokens: Int
            var result: ConceptEnhancement
        }

        func run() throws {
            var rows: [Row] = []
            let loaded = try encoder.load()
            var pair = (concepts[0].name, concepts[1].name)
            for file in delta {
                let d = try ConceptDelta.read(URL(fileURLWithPath: file))
                let names = d.tokens.keys.sorted()
                guard names.count == 2 else { throw ValidationError("\(file) holds \(names.count) concepts' identifiers; the figure needs two") }
                let text = try TextEncoder(model: loaded.model, tokenizer: loaded.tokenizer, folder: loaded.folder, maxLength: loaded.maxLength)
                for n in names { try text.addConcept(n, embeddings: d.tokens[n]!) }
                pair = (names[0], names[1])
                rows.append(Row(tokens: d.tokens[names[0]]!.shape[0], result: try ConceptEnhancement.measure(text, names[0], names[1], description: description)))
            }
            for n in tokens where delta.isEmpty {
                // A fresh encoder over the same frozen model per count: a concept's token count is fixed.
                let text = try TextEncoder(model: loaded.model, tokenizer: loaded.tokenizer, folder: loaded.folder, maxLength: loaded.maxLength)
                try text.addConcepts(concepts, tokens: n, seed: seed)
                rows.append(Row(tokens: n, result: try ConceptEnhancement.measure(text, concepts[0].name, concepts[1].name, description: description)))
            }
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(rows), as: UTF8.self))
                return
            }
            let (a, b) = (concepts[0], concepts[1])
            if delta.isEmpty {
                print("concept enhancement (Fig. 3b) on initialised identifier tokens")
                print("<\(a.name)> from \(a.initialization)  vs  <\(b.name)> from \(b.initialization)")
            } else {
                print("concept enhancement (Fig. 3b) on learned identifier tokens: <\(pair.0)> vs <\(pair.1)>")
            }
            print("description: \"\(description)\"")
            print("")
            print("tokens   bare cosine   described cosine")
            for r in rows {
                print(String(format: "%6d   %11.4f   %16.4f", r.tokens, r.result.bareCosine, r.result.describedCosine))
            }
        }
    }
}
