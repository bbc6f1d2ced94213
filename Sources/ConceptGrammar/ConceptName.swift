/// What a concept may be called, and how its identifier tokens are shown.
///
/// One rule for every front end and store: a name is written as `<name>` in a prompt,
/// used as a file and folder name in the data folder, and stored in the library, so it
/// must be safe in all three. Hence ASCII only (no look-alike or normalisation surprises),
/// no separators, no spaces, and a length a file system never refuses.
public enum ConceptName {
    /// The longest name, in characters.
    public static let maximumLength = 64

    /// The rule as a person reads it in an error message.
    public static let rule = "1–64 ASCII letters, digits, '_' or '-'"

    /// Whether `name` follows the rule.
    public static func isValid(_ name: String) -> Bool {
        // Counted in scalars: a combining mark after a letter makes a non-ASCII scalar, so it fails below too.
        (1...maximumLength).contains(name.unicodeScalars.count) && name.unicodeScalars.allSatisfy(isNameScalar)
    }

    /// Whether `c` may appear in a name.
    public static func isNameCharacter(_ c: Character) -> Bool {
        c.unicodeScalars.count == 1 && isNameScalar(c.unicodeScalars.first!)
    }

    static func isNameScalar(_ u: Unicode.Scalar) -> Bool {
        switch u {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-": return true
        default: return false
        }
    }

    /// Why `name` was refused, in one line.
    public static func refusal(_ name: String) -> String { "invalid concept name '\(shown(name))': use \(rule)" }

    /// A would-be name as it can be shown in one line: control characters escaped, at most 80
    /// characters (a refused name may be 4 KB of anything; the message stays readable).
    public static func shown(_ s: String) -> String {
        let head = s.unicodeScalars.prefix(80).map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }
        return head.joined() + (s.unicodeScalars.count > 80 ? "…" : "")
    }

    /// `<name>`, how a prompt refers to the concept.
    public static func reference(_ name: String) -> String { "<\(name)>" }

    /// `<name_k>` (k from 1), how identifier token k of a concept shows in a tokenised prompt
    /// (paper §4.1: `<name_1> … <name_n>`). Display only: a prompt names the concept, never a token.
    public static func identifierToken(_ name: String, _ k: Int) -> String { "<\(name)_\(k)>" }
}
