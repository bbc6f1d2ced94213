import Foundation

/// A WordPiece vocabulary: token strings and their ids (the line numbers of `vocab.txt`).
///
/// Tokens are looked up by their Unicode scalars, not as Swift `String`s:
/// `String` equality is canonical equivalence ("é" == "e\u{301}"), while the
/// original tokenizer compares code points, and a vocabulary may hold both forms.
public struct Vocabulary: Sendable {
    /// Token text by id.
    public let tokens: [String]
    private let ids: [[Unicode.Scalar]: Int]

    /// A vocabulary from tokens in id order. As in `transformers`' `load_vocab`,
    /// a token listed twice keeps its later id.
    public init(tokens: [String]) {
        self.tokens = tokens
        var map: [[Unicode.Scalar]: Int] = [:]
        map.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() { map[Array(t.unicodeScalars)] = i }
        ids = map
    }

    /// Reads `vocab.txt`: one token per line, the id is the line number.
    public static func load(from url: URL) throws(TextEncoderError) -> Vocabulary {
        guard let data = try? Data(contentsOf: url) else { throw .invalidVocabulary(path: url.path, reason: "cannot read the file") }
        guard let text = String(data: data, encoding: .utf8) else { throw .invalidVocabulary(path: url.path, reason: "not UTF-8 text") }
        // Lines end in "\n", "\r\n" or "\r" (Python reads the file with universal newlines);
        // the empty piece after the final newline is not a token.
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        var afterCR = false
        for u in text.unicodeScalars {
            if u == "\n" && afterCR { afterCR = false; continue }
            afterCR = u == "\r"
            if u == "\n" || u == "\r" {
                lines.append(String(line))
                line = String.UnicodeScalarView()
            } else {
                line.append(u)
            }
        }
        if !line.isEmpty { lines.append(String(line)) }
        guard !lines.isEmpty else { throw .invalidVocabulary(path: url.path, reason: "the file is empty") }
        return Vocabulary(tokens: lines)
    }

    public var count: Int { tokens.count }

    /// The id of a token given as scalars.
    @inline(__always)
    public func id(_ scalars: [Unicode.Scalar]) -> Int? { ids[scalars] }

    /// The id of a token.
    public func id(_ token: String) -> Int? { ids[Array(token.unicodeScalars)] }

    /// The token text of an id (`"<id N>"` outside the vocabulary).
    public func token(_ id: Int) -> String { id >= 0 && id < tokens.count ? tokens[id] : "<id \(id)>" }
}
