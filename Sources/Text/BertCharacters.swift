/// The character classes of BERT's basic tokenizer (`tokenization_bert.py`:
/// `_is_whitespace`, `_is_control`, `_is_punctuation`, `_is_chinese_char`),
/// decided per Unicode scalar as the original decides per code point.
enum BertCharacters {
    /// Space, tab, newline, carriage return, or any Unicode white space
    /// (Zs, and the line and paragraph separators that `str.split()` also splits on).
    static func isWhitespace(_ u: Unicode.Scalar) -> Bool {
        switch u {
        case " ", "\t", "\n", "\r": return true
        default: return u.properties.isWhitespace
        }
    }

    /// Control and other invisible characters (categories Cc, Cf, Co, Cs), except
    /// tab, newline and carriage return, which count as white space. Unassigned code
    /// points (Cn) stay, as in `tokenizers`' BertNormalizer (the old pure-Python
    /// tokenizer dropped them too); they become `[UNK]`.
    static func isControl(_ u: Unicode.Scalar) -> Bool {
        switch u {
        case "\t", "\n", "\r": return false
        default:
            switch u.properties.generalCategory {
            case .control, .format, .privateUse, .surrogate: return true
            default: return false
            }
        }
    }

    /// Unicode punctuation (categories P*), and every non-alphanumeric ASCII
    /// character such as `$`, `+`, `<`, `^` and `` ` `` even though Unicode calls
    /// them symbols — BERT splits on them all.
    static func isPunctuation(_ u: Unicode.Scalar) -> Bool {
        let cp = u.value
        if (33...47).contains(cp) || (58...64).contains(cp) || (91...96).contains(cp) || (123...126).contains(cp) { return true }
        switch u.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// CJK Unified Ideographs and their extensions and compatibility blocks: each
    /// becomes its own word. (Hiragana, Katakana and Hangul are not in these blocks
    /// and stay with their neighbours, as in the original.)
    static func isCJK(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
