import Engine
import Foundation

/// BERT's tokenizer: basic tokenization, WordPiece, and the special tokens
/// `[CLS]` … `[SEP]`, as `transformers`' `BertTokenizer` encodes a single text.
///
/// Special tokens written in the text (`[MASK]`, `[SEP]`, …) stay whole, as the
/// original's added-token matching keeps them.
public struct BertTokenizer: Sendable {
    public let vocabulary: Vocabulary
    public let basic: BasicTokenizer
    public let wordPiece: WordPiece
    public let clsID: Int
    public let sepID: Int
    public let padID: Int
    public let unknownID: Int
    /// Special tokens recognised verbatim in text, longest first, with their ids.
    private let specials: [(scalars: [Unicode.Scalar], id: Int)]

    /// A tokenizer over `vocabulary`, which must hold `[CLS]`, `[SEP]`, `[PAD]` and `[UNK]`.
    public init(vocabulary: Vocabulary, basic: BasicTokenizer = BasicTokenizer(), source: String = "vocab.txt") throws(TextEncoderError) {
        func need(_ t: String) throws(TextEncoderError) -> Int {
            guard let id = vocabulary.id(t) else { throw .invalidVocabulary(path: source, reason: "no \(t) token") }
            return id
        }
        self.vocabulary = vocabulary
        self.basic = basic
        clsID = try need("[CLS]")
        sepID = try need("[SEP]")
        padID = try need("[PAD]")
        unknownID = try need("[UNK]")
        wordPiece = WordPiece(vocabulary: vocabulary, unknownID: unknownID)
        specials = ["[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]"].compactMap { t in vocabulary.id(t).map { (Array(t.unicodeScalars), $0) } }
    }

    /// Reads `vocab.txt` and, when present, the casing settings of `tokenizer_config.json`
    /// (`do_lower_case`, `strip_accents`, `tokenize_chinese_chars`).
    public static func load(folder: URL) throws(TextEncoderError) -> BertTokenizer {
        let vocabURL = folder.appendingPathComponent("vocab.txt")
        let vocabulary = try Vocabulary.load(from: vocabURL)
        var basic = BasicTokenizer()
        let configURL = folder.appendingPathComponent("tokenizer_config.json")
        if let data = try? Data(contentsOf: configURL) {
            guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw .invalidConfiguration(path: configURL.path, reason: "not a JSON object")
            }
            if let v = json["do_lower_case"] as? Bool { basic.lowercase = v }
            if let v = json["strip_accents"] as? Bool { basic.stripAccents = v }
            if let v = json["tokenize_chinese_chars"] as? Bool { basic.splitCJK = v }
        }
        return try BertTokenizer(vocabulary: vocabulary, basic: basic, source: vocabURL.path)
    }

    /// The word-piece ids of `text`, without `[CLS]`/`[SEP]` and untruncated.
    public func pieces(_ text: String) -> [Int] {
        var ids: [Int] = []
        for segment in splitOnSpecialTokens(Array(text.unicodeScalars)) {
            switch segment {
            case .special(let id): ids.append(id)
            case .text(let scalars):
                for word in basic.words(String(String.UnicodeScalarView(scalars))) { wordPiece.split(word, into: &ids) }
            }
        }
        return ids
    }

    /// `[CLS]` + the pieces of `text` + `[SEP]`, keeping only the first `maxLength − 2`
    /// pieces (truncation as the original does it, special tokens counted).
    public func encode(_ text: String, maxLength: Int) -> [Int] {
        require(maxLength >= 2, "maxLength \(maxLength) leaves no room for [CLS] and [SEP]")
        return [clsID] + pieces(text).prefix(maxLength - 2) + [sepID]
    }

    /// Several texts, padded with `[PAD]` to the longest (or to `padTo`) with attention masks.
    public func encodeBatch(_ texts: [String], maxLength: Int, padTo: Int? = nil) -> TokenBatch {
        TokenBatch(sequences: texts.map { encode($0, maxLength: maxLength) }, padID: padID, padTo: padTo)
    }

    /// Token strings of ids, for display.
    public func tokens(_ ids: [Int]) -> [String] { ids.map { vocabulary.token($0) } }

    private enum Segment { case text([Unicode.Scalar]), special(Int) }

    /// Cuts the text around verbatim special tokens.
    private func splitOnSpecialTokens(_ s: [Unicode.Scalar]) -> [Segment] {
        // Cheap check first: every special token starts with "[".
        guard s.contains("[") else { return [.text(s)] }
        var out: [Segment] = []
        var start = 0, i = 0
        scan: while i < s.count {
            if s[i] == "[" {
                for sp in specials where i + sp.scalars.count <= s.count && s[i..<(i + sp.scalars.count)].elementsEqual(sp.scalars) {
                    if i > start { out.append(.text(Array(s[start..<i]))) }
                    out.append(.special(sp.id))
                    i += sp.scalars.count
                    start = i
                    continue scan
                }
            }
            i += 1
        }
        if start < s.count { out.append(.text(Array(s[start...]))) }
        return out
    }
}
