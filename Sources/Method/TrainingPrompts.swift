import ConceptGrammar
import Engine

/// The sentences a learn puts a concept in. A concept learned in short sentences only
/// ("a recording of <sitar>") is heard when a prompt says little else (sitar: 14 of 16 clips)
/// and drowned when a prompt describes much more ("A slow, melancholic melody … with <sitar>":
/// 9 of 16); docs/learning-recipe.md has the measurements.
public enum TrainingPrompts: String, Codable, Sendable, CaseIterable {
    /// The short templates of `PromptTemplates`, the paper's kind.
    case short
    /// Half the time a short template, half the time the concept inside a description of
    /// tempo, mood, form and sound, placed as prompts at generation place it.
    case described

    /// One training prompt for a concept. A description that does not `fit` the text
    /// encoder's context gives way to the short template drawn with it.
    public func prompt(name: String, kind: ConceptKind, rng: inout SeededGenerator, fits: (String) -> Bool = { _ in true }) -> String {
        let templates = PromptTemplates.templates(kind: kind)
        let short = PromptTemplates.fill(templates[Int(rng.next() % UInt64(templates.count))], name: name)
        guard self == .described, rng.next() % 2 == 1 else { return short }
        let described = DescribedPrompt.sentence(concept: ConceptName.reference(name), kind: kind, rng: &rng)
        return fits(described) ? described : short
    }
}

extension TrainingPrompts {
    /// One training prompt for an instrument heard inside a genre (`TogetherMix`), in the same
    /// proportions of short and described sentences as a single concept's.
    public func prompt(instrument: String, genre: String, rng: inout SeededGenerator, fits: (String) -> Bool = { _ in true }) -> String {
        // Two identifiers fill much of a short text context: only the sentences that fit are drawn.
        let all = PromptTemplates.together.map { PromptTemplates.fill($0, instrument: instrument, genre: genre) }
        let fitting = all.filter(fits)
        let short = fitting.isEmpty ? all[0] : fitting[Int(rng.next() % UInt64(fitting.count))]
        guard self == .described, rng.next() % 2 == 1 else { return short }
        let described = DescribedPrompt.together(instrument: ConceptName.reference(instrument), genre: ConceptName.reference(genre), rng: &rng)
        return fits(described) ? described : short
    }
}

/// Descriptions of music in plain words, written for training prompts (not taken from any
/// evaluation prompt): a pace, a mood, a form, a detail, and the concept.
enum DescribedPrompt {
    static let paces = ["slow", "fast", "gentle", "lively", "relaxed", "driving", "steady", "unhurried", "bouncy", "brisk"]
    static let moods = ["happy", "sad", "calm", "tense", "dreamy", "playful", "dark", "warm", "bright", "nostalgic", "hopeful", "mysterious"]
    static let forms = ["melody", "song", "piece", "tune", "theme", "groove", "ballad", "dance", "lullaby", "interlude"]
    static let details = ["with a steady beat", "with soft chords", "with a simple bass line", "with sparse notes", "with rich harmony",
                          "recorded in a small room", "with plenty of reverb", "recorded up close", "in a minor key", "in a major key",
                          "for a film scene", "for a quiet evening", "with a repeating motif", "that builds slowly", "with a light rhythm",
                          "with long held notes", "with short plucked notes", "at a festival", "with a clear lead line", "that fades out at the end"]

    /// The parts of one description, drawn in order.
    private static func parts(rng: inout SeededGenerator) -> (article: String, pace: String, mood: String, form: String, detail: String) {
        func pick(_ list: [String]) -> String { list[Int(rng.next() % UInt64(list.count))] }
        let pace = pick(paces), mood = pick(moods), form = pick(forms), detail = pick(details)
        return ("aeiou".contains(pace.first!) ? "An" : "A", pace, mood, form, detail)
    }

    /// A description that names no instrument or genre ("A slow, warm ballad with soft chords."):
    /// what prior clips (`PriorClips`) are made from.
    static func plain(rng: inout SeededGenerator) -> String {
        let (article, pace, mood, form, detail) = parts(rng: &rng)
        return "\(article) \(pace), \(mood) \(form) \(detail)."
    }

    static func together(instrument: String, genre: String, rng: inout SeededGenerator) -> String {
        let (article, pace, mood, form, detail) = parts(rng: &rng)
        switch rng.next() % 3 {
        case 0: return "\(article) \(pace), \(mood) \(form) \(detail), with \(instrument), in the style of \(genre)."
        case 1: return "\(article) \(pace), \(mood) \(genre) \(form) \(detail), played on \(instrument)."
        default: return "\(genre) music with \(instrument): \(article.lowercased()) \(pace), \(mood) \(form) \(detail)."
        }
    }

    static func sentence(concept: String, kind: ConceptKind, rng: inout SeededGenerator) -> String {
        let (article, pace, mood, form, detail) = parts(rng: &rng)
        let described = "\(article) \(pace), \(mood) \(form) \(detail)"
        switch (kind, rng.next() % 3) {
        case (.instrument, 0): return "\(described), with \(concept)."
        case (.instrument, 1): return "\(described), played on \(concept)."
        case (.instrument, _): return "\(concept): \(described.lowercased())."
        case (.genre, 0): return "\(described), in the style of \(concept)."
        case (.genre, 1): return "\(article) \(pace), \(mood) \(concept) \(form) \(detail)."
        case (.genre, _): return "\(concept) music: \(described.lowercased())."
        }
    }
}
