import Audio
import Evaluation
import Foundation
import Generation
import Library
import Method

/// What to evaluate, and how (the paper's §5.1 protocol).
public struct EvaluationRequest: Sendable {
    /// Named together in every prompt.
    public var concepts: [String]
    public var prompts: [String]
    /// Each concept's evaluation audio. A concept without any is compared with its stored
    /// references (its training audio): a quick check, not the paper's held-out score.
    public var evaluationAudio: [String: [AudioClip]] = [:]
    public var clipsPerPrompt = EvaluationRequest.defaultClipsPerPrompt
    public static let defaultClipsPerPrompt = 2
    public var settings = GenerationSettings()
    /// How much of the deltas' change the denoiser carries (`Workspace.generate`); scores made at
    /// another strength than 1, or with a keep-prompt weight, are stored under their own names
    /// (`text_alignment@strength=0.5`).
    public var strength = 1.0
    /// Names a reduced protocol (the studio's quick look: `quick`); its scores are stored under
    /// their own names (`text_alignment@quick`), apart from a full evaluation's.
    public var tag: String?
    /// Use the runs learned with this method (default: each concept's newest learned delta).
    public var method: TuningMethod?
    public var recognition = Recognition.off

    /// Whether the concept classifier also hears every clip.
    public enum Recognition: Sendable {
        case off
        /// Always; a concept the classifier has no class for is an error. `classifier`: another
        /// classifier's folder; `recogniseAs`: concept → class where the names differ.
        case required(classifier: URL?, recogniseAs: [String: String])
        /// When the base model ships a classifier that knows every concept; otherwise the report
        /// says why the clips went unclassified (`EvaluationReport.unclassified`).
        case whereKnown
    }

    public static let quickTag = "quick"

    public init(concepts: [String], prompts: [String]) {
        self.concepts = concepts
        self.prompts = prompts
    }
}

/// The scores of an evaluation, as stored in the library.
public struct EvaluationReport: Sendable {
    public var result: ConceptEvaluation.Result
    /// Concepts scored against their stored references, for want of evaluation audio.
    public var scoredAgainstReferences: [String]
    /// The learned run the scores were stored with (none when the first concept has none).
    public var storedWith: Int64?
    /// Why the clips were not classified although recognition was asked for where known
    /// (no classifier in the base folder, a concept it has no class for); nil otherwise.
    public var unclassified: String?
}

extension Workspace {
    /// Generates `clipsPerPrompt` clips per prompt with the concepts, scores Audio, Text and
    /// ΔAudio Alignment (and recognition, if asked), and stores every score with the first
    /// concept's learned run in one transaction. `onClip` sees each clip as it is made.
    public func evaluate(_ request: EvaluationRequest, onClip: (String, UInt64, AudioClip) throws -> Void = { _, _, _ in }) throws -> EvaluationReport {
        let names = request.concepts
        var kinds: [(name: String, kind: ConceptKind)] = []
        var audio = request.evaluationAudio
        var fallback: [String] = []
        for n in names {
            guard let c = try library.concept(named: n) else { throw ConceptLibrary.Failure.unknown(n, known: try library.concepts().map(\.name)) }
            kinds.append((n, ConceptKind(rawValue: c.kind) ?? .instrument))
            if audio[n, default: []].isEmpty {
                audio[n] = try library.references(of: n).map { try AudioFile.read($0.path).clip }
                fallback.append(n)
            }
        }
        // With a method, exactly those runs' deltas; otherwise each concept's newest.
        let files = try request.method.map { m in
            try names.map { n -> URL in
                guard let path = try library.learnedRun(of: n, method: m.rawValue)?.deltaPath else { throw WorkspaceError.notLearned(n, method: m.rawValue) }
                return URL(fileURLWithPath: path)
            }
        } ?? []
        var unclassified: String?
        let result = try withModel(names, files: files, strength: request.strength) { model in
            guard let evaluator = model.base.evaluator else { throw WorkspaceError.noEvaluator }
            var recogniser: ConceptRecogniser?
            var recogniseAs: [String: String] = [:]
            switch request.recognition {
            case .off: break
            case .required(let classifier, let map):
                recogniser = try ConceptRecogniser.load(base: model.base, classifier: classifier)
                recogniseAs = map
            case .whereKnown:
                // A quick look is not failed for recognition: whatever stops it is said instead.
                do {
                    recogniser = try ConceptRecogniser.shipped(with: model.base)
                    if recogniser == nil { unclassified = "the base model ships no concept classifier" }
                } catch { unclassified = "\(error)" }
                if let r = recogniser, let unknown = names.first(where: { r.classFor(concept: $0) == nil }) {
                    recogniser = nil
                    unclassified = "<\(unknown)> is not one of the concept classifier's classes"
                }
            }
            let evaluation = ConceptEvaluation(generator: try model.generator(for: request.settings),
                                               scorer: AlignmentScorer(evaluator: evaluator, text: model.text, config: model.base.config),
                                               recogniser: recogniser, recogniseAs: recogniseAs)
            return try evaluation.run(concepts: kinds, references: audio, prompts: request.prompts, clips: request.clipsPerPrompt,
                                      settings: request.settings, onClip: onClip)
        }
        let variant = (request.tag.map { [$0] } ?? []) + (request.strength == 1 ? [] : ["strength=\(request.strength)"])
            + (request.settings.keepPrompt == 0 ? [] : ["keep-prompt=\(request.settings.keepPrompt)"])
        let suffix = variant.isEmpty ? "" : "@" + variant.joined(separator: ",")
        let scores = result.libraryScores.map { (name: $0.name + suffix, values: $0.values) }
        if let bad = scores.first(where: { !$0.values.allSatisfy { $0.value.isFinite } }) { throw WorkspaceError.nonFiniteScore(bad.name) }
        let run = try library.learnedRun(of: names[0], method: request.method?.rawValue)
        if let id = run?.id { try library.record(runId: id, scores) }
        return EvaluationReport(result: result, scoredAgainstReferences: fallback, storedWith: run?.id, unclassified: unclassified)
    }
}
