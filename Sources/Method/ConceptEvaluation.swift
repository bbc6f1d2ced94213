import Audio
import ConceptGrammar
import Engine
import Evaluation
import Foundation
import Generation

/// The paper's evaluation protocol (§5.1) for learned concepts: for every prompt,
/// K clips are generated with the concepts named; Audio Alignment compares them
/// with each concept's held-out evaluation audio, Text Alignment with the prompt
/// *without* the identifiers, and ΔAudio Alignment is the spread of the
/// per-concept Audio Alignments when several concepts are named together.
public struct ConceptEvaluation {
    public struct Result: Codable, Sendable, Equatable {
        /// ×100, per concept.
        public var audioAlignment: [String: Double]
        /// ×100, mean over prompts.
        public var textAlignment: Double
        /// Spread of the per-concept Audio Alignments (several concepts only).
        public var deltaAudioAlignment: Double?
        public var prompts: Int
        public var clipsPerPrompt: Int
        public var seeds: [UInt64]
    }

    public let generator: Generator
    public let scorer: AlignmentScorer

    public init(generator: Generator, scorer: AlignmentScorer) {
        self.generator = generator
        self.scorer = scorer
    }

    /// The prompt with the concepts' identifiers woven in: "{}" is replaced where the
    /// prompt has it; otherwise instruments are added as "with <a> and <b>" and genres
    /// as "in the style of <c>".
    public static func prompt(_ text: String, concepts: [(name: String, kind: ConceptKind)]) -> String {
        let instruments = concepts.filter { $0.kind == .instrument }.map { ConceptName.reference($0.name) }
        let genres = concepts.filter { $0.kind == .genre }.map { ConceptName.reference($0.name) }
        var phrase: [String] = []
        if !instruments.isEmpty { phrase.append("with " + instruments.joined(separator: " and ")) }
        if !genres.isEmpty { phrase.append("in the style of " + genres.joined(separator: " and ")) }
        let joined = phrase.joined(separator: ", ")
        if text.contains("{}") { return text.replacingOccurrences(of: "{}", with: joined) }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: " .")) + ", " + joined
    }

    /// Runs the protocol. `references` holds each concept's evaluation audio. Without
    /// `identifiers` the prompts go in as written: the base model's reference row.
    public func run(concepts: [(name: String, kind: ConceptKind)], references: [String: [AudioClip]], prompts: [String],
                    clips k: Int, settings: GenerationSettings, identifiers: Bool = true,
                    onClip: (String, UInt64, AudioClip) throws -> Void = { _, _, _ in }) throws -> Result {
        var refEmbeddings: [String: [[Float]]] = [:]
        for c in concepts { refEmbeddings[c.name] = (references[c.name] ?? []).map(scorer.embed) }
        var generated: [[Float]] = []
        var ta: [Double] = []
        let seeds = (0..<k).map { UInt64($0 + 1) }
        for p in prompts {
            let full = identifiers ? ConceptEvaluation.prompt(p, concepts: concepts) : p
            var embs: [[Float]] = []
            for seed in seeds {
                var s = settings
                s.seed = seed
                let clip = try generator.generate(full, s)
                try onClip(full, seed, clip)
                embs.append(scorer.embed(clip))
            }
            generated += embs
            ta.append(scorer.textAlignment(clips: embs, prompt: try scorer.embed(text: p)))
        }
        var aa: [String: Double] = [:]
        for c in concepts {
            guard let refs = refEmbeddings[c.name], !refs.isEmpty else { continue }
            aa[c.name] = scorer.audioAlignment(generated: generated, reference: refs)
        }
        return Result(audioAlignment: aa, textAlignment: ta.reduce(0, +) / Double(max(ta.count, 1)),
                      deltaAudioAlignment: concepts.count > 1 ? AlignmentScorer.spread(Array(aa.values)) : nil,
                      prompts: prompts.count, clipsPerPrompt: k, seeds: seeds)
    }
}
