/// What a workspace action refuses, with what a person needs to put it right.
/// (Unknown, duplicate and invalid names are `ConceptLibrary.Failure`s, shared with the library.)
public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
    /// A concept named in a prompt or an action has no learned delta (with `method`, none learned with it).
    case notLearned(String, method: String?)
    /// The base model was shipped without the evaluator that scores alignment.
    case noEvaluator
    /// A score came out NaN or infinite; nothing was stored.
    case nonFiniteScore(String)
    /// A destination names one file but the request makes several clips.
    case oneFileForMany(Int)
    /// A concept strength outside `ConceptDelta.strengthRange` (or not a number).
    case strength(Double)
    /// A keep-prompt weight outside `GenerationSettings.keepPromptRange` (or not a number).
    case keepPrompt(Float)

    public var description: String {
        switch self {
        case .notLearned(let name, let method): return "<\(name)> has not been learned" + (method.map { " with \($0)" } ?? "") + " yet"
        case .noEvaluator: return "the base model has no evaluator"
        case .nonFiniteScore(let name): return "the evaluation gave a NaN or infinite \(name); nothing was stored"
        case .oneFileForMany(let n): return "one file was named for \(n) clips; name a folder"
        case .strength(let s): return "concept strength \(s) is outside 0–2"
        case .keepPrompt(let w): return "keep-prompt weight \(w) is outside 0–10"
        }
    }
}
