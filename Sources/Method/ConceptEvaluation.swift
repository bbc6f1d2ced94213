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
        /// With a recogniser: per concept, how often its generated clips were heard as it.
        public var recognition: [String: RecognitionSummary]?
        /// With a recogniser: every generated clip, in generation order.
        public var clips: [ClipRecognition]?

        /// The scores as the library stores them (one name per score, no step), NaN-free or not:
        /// the caller refuses non-finite values before writing. The CLI and the studio both store these.
        public var libraryScores: [(name: String, values: [(step: Int?, value: Double)])] {
            var out: [(name: String, values: [(step: Int?, value: Double)])] = [("text_alignment", [(nil, textAlignment)])]
            for (c, v) in audioAlignment.sorted(by: { $0.key < $1.key }) { out.append(("audio_alignment.\(c)", [(nil, v)])) }
            if let d = deltaAudioAlignment { out.append(("delta_audio_alignment", [(nil, d)])) }
            for (c, r) in (recognition ?? [:]).sorted(by: { $0.key < $1.key }) {
                out.append(("recognised.\(c)", [(nil, r.share)]))
                out.append(("p_concept.\(c)", [(nil, r.meanProbability)]))
            }
            return out
        }
    }

    /// How the generated clips of one concept were recognised.
    public struct RecognitionSummary: Codable, Sendable, Equatable {
        /// The classifier's class standing for the concept.
        public var className: String
        public var clips: Int
        /// Clips whose top class is the concept's.
        public var recognised: Int
        /// Share of clips recognised (0–1).
        public var share: Double { Double(recognised) / Double(max(clips, 1)) }
        /// Mean P(concept) over the clips.
        public var meanProbability: Double

        public init(className: String, clips: Int, recognised: Int, meanProbability: Double) {
            self.className = className
            self.clips = clips
            self.recognised = recognised
            self.meanProbability = meanProbability
        }
    }

    /// One generated clip as the classifier heard it.
    public struct ClipRecognition: Codable, Sendable, Equatable {
        public var prompt: String
        public var seed: UInt64
        /// P(class of each named concept), by concept name.
        public var probability: [String: Double]
        /// The top class among all classes (the 20 concepts and "other").
        public var top: String
        public var topProbability: Double
    }

    public let generator: Generator
    public let scorer: AlignmentScorer
    /// When set, every generated clip is also classified (`Result.recognition`, `Result.clips`).
    public let recogniser: ConceptRecogniser?
    /// The classifier class of each concept; concepts not listed use the class of their own name.
    public let recogniseAs: [String: String]

    public init(generator: Generator, scorer: AlignmentScorer, recogniser: ConceptRecogniser? = nil, recogniseAs: [String: String] = [:]) {
        self.generator = generator
        self.scorer = scorer
        self.recogniser = recogniser
        self.recogniseAs = recogniseAs
    }

    /// The classifier class of each concept, or the error that names the classes to choose from.
    public func classes(for concepts: [String]) throws -> [String: String] {
        guard let recogniser else { return [:] }
        var out: [String: String] = [:]
        for c in concepts {
            if let explicit = recogniseAs[c] {
                guard recogniser.classes.contains(explicit) else {
                    throw ConceptRecogniser.Failure.unknownClass(concept: c, className: explicit, classes: recogniser.classes)
                }
                out[c] = explicit
            } else {
                guard let cls = recogniser.classFor(concept: c) else { throw ConceptRecogniser.Failure.notAClass(concept: c, classes: recogniser.classes) }
                out[c] = cls
            }
        }
        return out
    }

    /// How a run names its concepts in the prompts.
    public enum Naming: Sendable {
        /// By their identifiers, `<name>`: the learned concepts.
        case identifiers
        /// By plain words (concept name → words, "steel drums"): the base model asked for the concept in words.
        case words([String: String])
        /// Not at all: the prompts as written.
        case none
    }

    /// The prompt with the concepts woven in (as identifiers, or as `spelled` gives them):
    /// "{}" is replaced where the prompt has it; otherwise instruments are added as
    /// "with <a> and <b>" and genres as "in the style of <c>".
    public static func prompt(_ text: String, concepts: [(name: String, kind: ConceptKind)],
                              spelled: (String) -> String = ConceptName.reference) -> String {
        let instruments = concepts.filter { $0.kind == .instrument }.map { spelled($0.name) }
        let genres = concepts.filter { $0.kind == .genre }.map { spelled($0.name) }
        var phrase: [String] = []
        if !instruments.isEmpty { phrase.append("with " + instruments.joined(separator: " and ")) }
        if !genres.isEmpty { phrase.append("in the style of " + genres.joined(separator: " and ")) }
        let joined = phrase.joined(separator: ", ")
        if text.contains("{}") { return text.replacingOccurrences(of: "{}", with: joined) }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: " .")) + ", " + joined
    }

    /// Runs the protocol. `references` holds each concept's evaluation audio; `naming`
    /// says how the prompts name the concepts (the base model's rows use words or nothing);
    /// `reuse` keeps the clips for another run of the same model and prompts.
    public func run(concepts: [(name: String, kind: ConceptKind)], references: [String: [AudioClip]], prompts: [String],
                    clips k: Int, settings: GenerationSettings, naming: Naming = .identifiers, reuse: GeneratedClips? = nil,
                    onClip: (String, UInt64, AudioClip) throws -> Void = { _, _, _ in }) throws -> Result {
        // Checked before anything is generated: a concept without a class is an input error.
        let classOf = try classes(for: concepts.map(\.name))
        var heard: [ClipRecognition] = []
        var refEmbeddings: [String: [[Float]]] = [:]
        for c in concepts { refEmbeddings[c.name] = (references[c.name] ?? []).map(scorer.embed) }
        var generated: [[Float]] = []
        var ta: [Double] = []
        let seeds = (0..<k).map { UInt64($0 + 1) }
        for p in prompts {
            let full: String
            switch naming {
            case .identifiers: full = ConceptEvaluation.prompt(p, concepts: concepts)
            case .words(let words): full = ConceptEvaluation.prompt(p, concepts: concepts) { words[$0] ?? $0 }
            case .none: full = p
            }
            var embs: [[Float]] = []
            for seed in seeds {
                var s = settings
                s.seed = seed
                let clip = try reuse.map { try $0.clip(full, s) { try generator.generate(full, s) } } ?? generator.generate(full, s)
                try onClip(full, seed, clip)
                embs.append(scorer.embed(clip))
                if let recogniser {
                    let r = recogniser.recognise(clip)
                    heard.append(ClipRecognition(prompt: full, seed: seed,
                                                 probability: classOf.mapValues { r.probability(of: $0) },
                                                 top: r.top, topProbability: r.topProbability))
                }
            }
            generated += embs
            ta.append(scorer.textAlignment(clips: embs, prompt: try scorer.embed(text: p)))
        }
        var aa: [String: Double] = [:]
        for c in concepts {
            guard let refs = refEmbeddings[c.name], !refs.isEmpty else { continue }
            aa[c.name] = scorer.audioAlignment(generated: generated, reference: refs)
        }
        var summaries: [String: RecognitionSummary]?
        if recogniser != nil {
            summaries = [:]
            for (c, cls) in classOf {
                summaries![c] = RecognitionSummary(className: cls, clips: heard.count, recognised: heard.filter { $0.top == cls }.count,
                                                   meanProbability: heard.map { $0.probability[c] ?? 0 }.reduce(0, +) / Double(max(heard.count, 1)))
            }
        }
        return Result(audioAlignment: aa, textAlignment: ta.reduce(0, +) / Double(max(ta.count, 1)),
                      deltaAudioAlignment: concepts.count > 1 ? AlignmentScorer.spread(Array(aa.values)) : nil,
                      prompts: prompts.count, clipsPerPrompt: k, seeds: seeds,
                      recognition: summaries, clips: recogniser == nil ? nil : heard)
    }
}
