import Foundation

/// BERT's basic tokenizer: cleans the text and cuts it into words and
/// punctuation marks, before WordPiece cuts the words further.
///
/// Follows `transformers`' `BertTokenizer` as it runs for all-MiniLM-L6-v2 (the
/// `tokenizers` library's `BertNormalizer` and `BertPreTokenizer`), on Unicode
/// scalars — the original's characters are code points, Swift's are grapheme
/// clusters:
/// 1. drop NUL, U+FFFD and control characters; every white space becomes a space;
/// 2. put spaces around CJK ideographs;
/// 3. strip accents (NFD, then drop nonspacing marks, category Mn) — by default
///    exactly when lower-casing;
/// 4. lower-case scalar by scalar (full mappings, no context: "Σ" is always "σ",
///    where Python's `str.lower()` in the old pure-Python tokenizer wrote a final "ς");
/// 5. split on white space, then split off every punctuation character.
///
/// Checked code point by code point against the original (U+0020…U+2FFFF): the only
/// differences are characters that Unicode added or re-categorised after about
/// version 7, which the original's character tables predate.
public struct BasicTokenizer: Sendable {
    public var lowercase: Bool
    /// nil: strip accents exactly when lower-casing (the original's `strip_accents=None`).
    public var stripAccents: Bool?
    public var splitCJK: Bool

    public init(lowercase: Bool = true, stripAccents: Bool? = nil, splitCJK: Bool = true) {
        self.lowercase = lowercase
        self.stripAccents = stripAccents
        self.splitCJK = splitCJK
    }

    /// The words and punctuation marks of `text`, each as its scalars.
    public func words(_ text: String) -> [[Unicode.Scalar]] {
        var cleaned: [Unicode.Scalar] = []
        cleaned.reserveCapacity(text.unicodeScalars.count)
        for u in text.unicodeScalars {
            if u.value == 0 || u.value == 0xFFFD || BertCharacters.isControl(u) { continue }
            if BertCharacters.isWhitespace(u) {
                cleaned.append(" ")
            } else if splitCJK && BertCharacters.isCJK(u) {
                cleaned += [" ", u, " "]
            } else {
                cleaned.append(u)
            }
        }
        if stripAccents ?? lowercase { cleaned = Self.strippingAccents(cleaned) }
        if lowercase { cleaned = Self.lowercased(cleaned) }
        var out: [[Unicode.Scalar]] = []
        for word in Self.splitOnWhitespace(cleaned) { Self.splitOnPunctuation(word, into: &out) }
        return out
    }

    /// The words of `text` as strings (for display and tests).
    public func tokenize(_ text: String) -> [String] {
        words(text).map { String(String.UnicodeScalarView($0)) }
    }

    static func splitOnWhitespace(_ s: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var out: [[Unicode.Scalar]] = []
        var cur: [Unicode.Scalar] = []
        for u in s {
            if BertCharacters.isWhitespace(u) {
                if !cur.isEmpty { out.append(cur); cur.removeAll(keepingCapacity: true) }
            } else {
                cur.append(u)
            }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    static func splitOnPunctuation(_ word: [Unicode.Scalar], into out: inout [[Unicode.Scalar]]) {
        var cur: [Unicode.Scalar] = []
        for u in word {
            if BertCharacters.isPunctuation(u) {
                if !cur.isEmpty { out.append(cur); cur.removeAll(keepingCapacity: true) }
                out.append([u])
            } else {
                cur.append(u)
            }
        }
        if !cur.isEmpty { out.append(cur) }
    }

    /// Each scalar's full lower-case mapping ("İ" becomes "i" + U+0307), without context.
    static func lowercased(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        for u in s {
            if u.isASCII {
                out.append(u.value >= 65 && u.value <= 90 ? Unicode.Scalar(u.value + 32)! : u)
            } else {
                out.append(contentsOf: u.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return out
    }

    /// NFD, then drop the nonspacing marks (category Mn): "café" → "cafe".
    static func strippingAccents(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        // Most prompts are plain ASCII and have nothing to strip.
        if s.allSatisfy(\.isASCII) { return s }
        let nfd = String(String.UnicodeScalarView(s)).decomposedStringWithCanonicalMapping
        return nfd.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
    }
}
