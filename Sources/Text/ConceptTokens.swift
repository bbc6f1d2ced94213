import ConceptGrammar
import Engine

/// A learned concept's identifier tokens V*: `tokenCount` new input embeddings
/// that take the place of `<name>` in a prompt (paper §4.1: `<name_1> … <name_n>`).
public final class Concept {
    public let name: String
    /// (tokenCount, hidden): trains by default; the text encoder's own weights never do.
    public let embeddings: Parameter
    /// How the embeddings started (for manifests and the enhancement report).
    public let initialization: ConceptInitialization

    init(name: String, embeddings: Tensor, initialization: ConceptInitialization) {
        self.name = name
        self.embeddings = Parameter(embeddings, mode: .full)
        self.initialization = initialization
    }

    public var tokenCount: Int { embeddings.shape[0] }

    /// `<name_1>` … `<name_n>`, how the tokens show in a tokenised prompt.
    public var tokenNames: [String] { (1...tokenCount).map { ConceptName.identifierToken(name, $0) } }
}

/// Where a concept's identifier embeddings start.
public enum ConceptInitialization: Sendable, Equatable, CustomStringConvertible {
    /// The embedding of a word the user gives ("instrument", "genre"); a word of several
    /// word pieces starts from their mean.
    case word(String)
    /// The mean of every word embedding of the vocabulary.
    case vocabularyMean
    /// Embeddings given as they are (a learned concept read back from disk).
    case given

    public var description: String {
        switch self {
        case .word(let w): return "word '\(w)'"
        case .vocabularyMean: return "vocabulary mean"
        case .given: return "given"
        }
    }
}

/// The concepts a text encoder knows, each registered as a parameter under its
/// own name, so that an optimiser or a checkpoint addresses them by name.
public final class ConceptTokens: Module {
    public private(set) var concepts: [Concept] = []

    public override init() { super.init() }

    /// Names of the known concepts, in the order they were added.
    public var names: [String] { concepts.map(\.name) }

    public subscript(name: String) -> Concept? { concepts.first { $0.name == name } }

    /// Adds a concept; its name must be valid and new, its embeddings (n ≥ 1, hidden).
    func add(_ concept: Concept, hidden: Int) throws(TextEncoderError) {
        guard ConceptName.isValid(concept.name) else { throw .invalidConceptName(concept.name) }
        guard self[concept.name] == nil else { throw .duplicateConcept(concept.name) }
        let shape = concept.embeddings.shape
        guard shape.count == 2, shape[0] >= 1, shape[1] == hidden else {
            throw .invalidConceptEmbeddings(name: concept.name, shape: shape, expected: "(tokens ≥ 1, \(hidden))")
        }
        register(concept.name, concept.embeddings)
        concepts.append(concept)
    }
}
