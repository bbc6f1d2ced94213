import ArgumentParser
import Bench
import Engine
import Foundation
import Method
import Text

extension DreamStyler {
    struct TextEncode: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encode",
            abstract: "Tokenise and encode prompts; print their tokens, ids and sentence embeddings.",
            discussion: """
            Encodes all prompts in one batch. For each: the tokens and ids, the shape of the \
            last hidden states (the context the denoiser attends to), the norm of their \
            mean, and the first values of the L2-normalised mean (the sentence embedding). \
            With several prompts, their cosine similarities.

            Example: dreamstyler text encode "a slow, sad melody with <koto>" --concept koto=instrument
            """)

        @Argument(help: "The prompts; <name> stands for a concept given with --concept.")
        var prompts: [String]

        @Option(name: .customLong("concept"), help: ArgumentHelp("A concept: NAME=WORD starts from WORD's embedding, NAME alone from the vocabulary mean (repeatable).", valueName: "name[=word]"))
        var concepts: [ConceptSpec] = []

        @Option(parsing: .unconditional, help: "Identifier tokens per concept (1–16).")
        var tokens = TextEncoder.defaultTokensPerConcept

        @Option(help: "Seed of the concepts' initial noise (default: from each name).")
        var seed: UInt64?

        @Option(parsing: .unconditional, help: "How many values of each sentence embedding to print.")
        var show = 8

        @Flag(help: "Print JSON with the whole sentence embeddings.")
        var json = false

        @OptionGroup var encoder: TextEncoderOptions

        func validate() throws {
            guard !prompts.isEmpty else { throw ValidationError("give at least one prompt") }
            try InputChecks.int(tokens, "--tokens", in: ConceptDelta.tokenRange)
            guard show >= 0 else { throw ValidationError("--show must not be negative") }
        }

        struct Row: Codable {
            var text: String
            var tokens: [String]
            var ids: [Int?]
            var shape: [Int]
            var meanPooledNorm: Float
            var embedding: [Float]
        }

        func run() throws {
            let text = try encoder.load()
            try text.addConcepts(concepts, tokens: tokens, seed: seed)
            var result: EncodedText?
            let seconds = try Stopwatch.seconds { result = try noGrad { try text.encode(prompts) } }
            let encoded = result!
            let pooled = noGrad { encoded.meanPooled() }
            let embeddings = noGrad { Pooling.l2Normalized(pooled) }
            let d = text.hiddenSize
            let rows = encoded.prompts.enumerated().map { b, p in
                let vector = Array(embeddings.toArray()[(b * d)..<((b + 1) * d)])
                let pooledRow = Array(pooled.toArray()[(b * d)..<((b + 1) * d)])
                return Row(text: p.text, tokens: p.tokenStrings(text.tokenizer),
                           ids: zip(p.ids, p.identifiers).map { $1 == nil ? $0 : nil },
                           shape: [p.count, d], meanPooledNorm: pooledRow.reduce(0) { $0 + $1 * $1 }.squareRoot(), embedding: vector)
            }
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(rows), as: UTF8.self))
                return
            }
            let c = text.model.configuration
            print("text encoder  BERT \(c.numHiddenLayers)×\(c.hiddenSize), \(c.numAttentionHeads) heads, vocabulary \(c.vocabSize)  (\(text.folder?.path ?? "in memory"))")
            for r in rows {
                print("")
                print("\"\(r.text)\"")
                print("  tokens     \(r.tokens.count): " + r.tokens.joined(separator: " "))
                print("  ids        " + r.ids.map { $0.map(String.init) ?? "-" }.joined(separator: " "))
                print("  states     \(r.shape[0]) × \(r.shape[1]), mean-pooled norm \(String(format: "%.4f", r.meanPooledNorm))")
                if show > 0 {
                    let values = r.embedding.prefix(show).map { String(format: "%+.4f", $0) }.joined(separator: " ")
                    print("  embedding  \(values)\(show < d ? " … (\(min(show, d)) of \(d), L2-normalised)" : "")")
                }
            }
            if rows.count > 1 {
                print("")
                print("cosine similarity of the sentence embeddings")
                print("     " + (1...rows.count).map { String(format: "%8d", $0) }.joined())
                for (i, a) in rows.enumerated() {
                    print(String(format: "%4d ", i + 1) + rows.map { String(format: "%8.4f", Pooling.cosine(a.embedding, $0.embedding)) }.joined())
                }
            }
            print("")
            print(String(format: "encoded %d prompt%@ in %.1f ms", rows.count, rows.count == 1 ? "" : "s", seconds * 1e3))
        }
    }
}
