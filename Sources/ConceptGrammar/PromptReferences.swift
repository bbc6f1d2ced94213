/// A prompt cut into plain text and concept references `<name>`.
public enum PromptPart: Equatable, Sendable {
    case text(String)
    case concept(String)
}

/// A `<name>` found in a prompt, with where it stands (offsets in `Character`s, the brackets included).
public struct ConceptReference: Equatable, Sendable {
    public let name: String
    public let range: Range<Int>
}

/// How concept references are found in a prompt.
///
/// Only `<` + a valid concept name + `>` is a reference; any other `<` is text ("a < b", "<3",
/// "<my koto>"), which the tokenizer reads as punctuation. The rule is strict on purpose: a
/// looser one ("from `<` to the next `>`") once made the studio call "a < b and <koto>" a
/// reference to " b and <koto", while the text encoder, which decides, saw `<koto>`.
/// Offsets are in `Character`s (grapheme clusters), as an editor's cursor counts them.
public enum PromptReferences {
    /// Every reference in `text`, in order.
    public static func find(in text: [Character]) -> [ConceptReference] {
        var found: [ConceptReference] = []
        var i = 0
        while i < text.count {
            if text[i] == "<", let close = closing(text, from: i) {
                found.append(ConceptReference(name: String(text[(i + 1)..<close]), range: i..<(close + 1)))
                i = close + 1
            } else {
                i += 1
            }
        }
        return found
    }

    /// The parts of `prompt`, in order; adjacent text is kept together.
    public static func parse(_ prompt: String) -> [PromptPart] {
        let text = Array(prompt)
        var parts: [PromptPart] = []
        var at = 0
        for r in find(in: text) {
            if r.range.lowerBound > at { parts.append(.text(String(text[at..<r.range.lowerBound]))) }
            parts.append(.concept(r.name))
            at = r.range.upperBound
        }
        if at < text.count { parts.append(.text(String(text[at...]))) }
        return parts
    }

    /// `prompt` without its references, spaces closed up: what the prompt asks of the music apart
    /// from the concepts ("calm song with <koto>, slow" → "calm song with, slow"). The words that
    /// joined a reference stay: the base model reads them as little more than padding.
    public static func description(of prompt: String) -> String {
        let text = parse(prompt).compactMap { if case .text(let t) = $0 { return t } else { return nil } }.joined(separator: " ")
        var out = ""
        for word in text.split(whereSeparator: \.isWhitespace) {
            // Punctuation left standing alone by a removed reference joins the word before it.
            if !out.isEmpty && !(word.count == 1 && ",.;:!?".contains(word.first!)) { out += " " }
            out += word
        }
        return out
    }

    /// The names referenced in `prompt`, in order of appearance, repeats included.
    public static func names(in prompt: String) -> [String] { find(in: Array(prompt)).map(\.name) }

    /// `<…>` spans that look meant as references but whose name breaks the rule (`<kötö>`,
    /// `<koto!>`, `<>`): no space inside, so "a < b > c" is not one. A front end can refuse them
    /// rather than let them pass as text.
    public static func malformed(in prompt: String) -> [String] {
        let text = Array(prompt)
        var found: [String] = []
        var i = 0
        while i < text.count {
            guard text[i] == "<" else { i += 1; continue }
            var j = i + 1
            while j < text.count, text[j] != "<", text[j] != ">", !text[j].isWhitespace { j += 1 }
            if j < text.count, text[j] == ">", !ConceptName.isValid(String(text[(i + 1)..<j])) {
                found.append(String(text[i...j]))
                i = j + 1
            } else {
                i = j
            }
        }
        return found
    }

    /// The reference being typed at `cursor`: an unclosed `<` followed only by name characters
    /// up to the cursor. Returns where the `<` is and what follows it (possibly empty).
    public static func open(in text: [Character], cursor: Int) -> (start: Int, query: String)? {
        let end = max(0, min(cursor, text.count))
        var j = end
        while j > 0, ConceptName.isNameCharacter(text[j - 1]) { j -= 1 }
        guard j > 0, text[j - 1] == "<", end - j <= ConceptName.maximumLength else { return nil }
        return (j - 1, String(text[j..<end]))
    }

    /// Index of the `>` closing a reference that opens at `start`, if it is one.
    static func closing(_ text: [Character], from start: Int) -> Int? {
        var j = start + 1
        while j < text.count, j - start - 1 < ConceptName.maximumLength + 1, ConceptName.isNameCharacter(text[j]) { j += 1 }
        guard j < text.count, text[j] == ">", (1...ConceptName.maximumLength).contains(j - start - 1) else { return nil }
        return j
    }
}
