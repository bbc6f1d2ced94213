import ConceptGrammar
import Engine

/// Errors of the text encoder; each reads as one line that says what to do.
public enum TextEncoderError: Error, CustomStringConvertible, Equatable {
    /// The model folder, or one of its files, is missing.
    case incompleteFolder(path: String, missing: [String], fix: String)
    /// `config.json` cannot be read or describes something this encoder cannot run.
    case invalidConfiguration(path: String, reason: String)
    /// `vocab.txt` cannot be read or lacks a token the tokenizer needs.
    case invalidVocabulary(path: String, reason: String)
    /// The weights file does not fit the configuration (names, shapes, format).
    case checkpoint(EngineError)
    /// A prompt names a concept that this encoder does not have.
    case unknownConcept(name: String, known: [String])
    /// A concept name that cannot be written as `<name>` in a prompt.
    case invalidConceptName(String)
    case duplicateConcept(String)
    /// A concept's embeddings do not have the shape (tokens, hidden size).
    case invalidConceptEmbeddings(name: String, shape: [Int], expected: String)
    /// The word a concept is initialised from is not in the vocabulary.
    case unknownWord(String)
    /// The identifier tokens of a concept would fall beyond the maximum length.
    case promptTooLong(prompt: String, tokens: Int, limit: Int)
    /// Fetching or unpacking the model failed.
    case setupFailed(String)

    public var description: String {
        switch self {
        case .incompleteFolder(let p, let m, let fix):
            return "no usable text encoder at \(p) (missing \(m.joined(separator: ", "))); \(fix)"
        case .invalidConfiguration(let p, let r): return "\(p): \(r)"
        case .invalidVocabulary(let p, let r): return "\(p): \(r)"
        case .checkpoint(let e): return e.description
        case .unknownConcept(let n, let known):
            let list = known.isEmpty ? "none are defined" : "known: " + known.map { "<\($0)>" }.joined(separator: ", ")
            return "unknown concept <\(n)> in the prompt (\(list))"
        case .invalidConceptName(let n): return ConceptName.refusal(n)
        case .duplicateConcept(let n): return "a concept named <\(n)> already exists"
        case .invalidConceptEmbeddings(let n, let s, let e): return "concept <\(n)>: embeddings of shape \(s), expected \(e)"
        case .unknownWord(let w): return "'\(w)' is not in the text encoder's vocabulary; choose another word to start the concept from"
        case .promptTooLong(let p, let n, let l):
            return "prompt \"\(p)\" needs \(n) tokens with its identifiers, more than the limit of \(l)"
        case .setupFailed(let r): return "setup failed: \(r)"
        }
    }
}
