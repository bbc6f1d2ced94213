/// A prompt cut into plain text and concept references `<name>`.
///
/// Only `<` + a valid concept name + `>` is a reference; any other `<` is text
/// ("a < b", "<3"), which the tokenizer treats as punctuation as usual.
public enum PromptPart: Equatable, Sendable {
    case text(String)
    case concept(String)
}

public enum PromptParser {
    /// The parts of `prompt`, in order; adjacent text is kept together.
    public static func parse(_ prompt: String) -> [PromptPart] {
        let s = Array(prompt.unicodeScalars)
        var parts: [PromptPart] = []
        var text = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if s[i] == "<", let close = referenceEnd(s, from: i) {
                if !text.isEmpty { parts.append(.text(String(text))); text = String.UnicodeScalarView() }
                parts.append(.concept(String(String.UnicodeScalarView(s[(i + 1)..<close]))))
                i = close + 1
            } else {
                text.append(s[i])
                i += 1
            }
        }
        if !text.isEmpty { parts.append(.text(String(text))) }
        return parts
    }

    /// The names referenced in `prompt`, in order of appearance.
    public static func conceptNames(in prompt: String) -> [String] {
        parse(prompt).compactMap { if case .concept(let n) = $0 { return n } else { return nil } }
    }

    /// Index of the `>` closing a reference that opens at `start`, if it is one.
    private static func referenceEnd(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        var j = start + 1
        while j < s.count && ConceptTokens.isNameScalar(s[j]) { j += 1 }
        guard j < s.count, s[j] == ">", j - start - 1 >= 1, j - start - 1 <= 64 else { return nil }
        return j
    }
}
