import ConceptGrammar
import Foundation

/// Training prompts that place a concept's identifier in varied sentences, so the
/// tokens learn the concept rather than one sentence.
public enum PromptTemplates {
    public static func templates(kind: ConceptKind) -> [String] {
        switch kind {
        case .instrument:
            return ["{}", "music played on {}", "a recording of {}", "a melody on {}", "a solo on {}",
                    "a piece featuring {}", "a song with {}", "{} music"]
        case .genre:
            return ["{}", "{} music", "a {} song", "a track in the style of {}", "an instrumental {} piece",
                    "a {} tune", "music in the {} style", "a {} recording"]
        }
    }

    /// Templates naming an instrument ("{i}") and a genre ("{g}") together: a mix of the two references.
    public static let together = ["{i} in the style of {g}", "a {g} song with {i}", "{g} music played on {i}",
                                  "a {g} tune featuring {i}", "a track in the style of {g}, with {i}", "{i} playing {g}"]

    /// A `together` template filled with `<instrument>` and `<genre>`.
    public static func fill(_ template: String, instrument: String, genre: String) -> String {
        template.replacingOccurrences(of: "{i}", with: ConceptName.reference(instrument)).replacingOccurrences(of: "{g}", with: ConceptName.reference(genre))
    }

    /// The template filled with `<name>`.
    public static func fill(_ template: String, name: String) -> String {
        template.replacingOccurrences(of: "{}", with: ConceptName.reference(name))
    }
}

/// What a concept is: the paper's two benchmark kinds.
public enum ConceptKind: String, Codable, Sendable, CaseIterable {
    case instrument, genre

    /// The word its identifier tokens start from.
    public var classWord: String { rawValue }
}
