import Engine
import EngineTestSupport
import Foundation
import Testing
import Text
import TextTestSupport

@Suite struct TokenizerTests {
    // MARK: against the original, on the real vocabulary

    @Test(.enabled(if: !MiniLM.skipped, MiniLM.skipReason))
    func idsAndTokensMatchTheReferenceForEverySentence() throws {
        let encoder = try MiniLM.encoder()
        let reference = try MiniLM.reference()
        #expect(reference.sentences.count == 8)
        for s in reference.sentences {
            let ids = encoder.tokenizer.encode(s.text, maxLength: 64)
            #expect(ids == s.input_ids, "\"\(s.text)\"")
            #expect(encoder.tokenizer.tokens(ids) == s.tokens, "\"\(s.text)\"")
            // The prompt path (no concepts) gives the same ids.
            #expect(try encoder.tokenize(s.text).ids == s.input_ids)
        }
    }

    @Test(.enabled(if: !MiniLM.skipped, MiniLM.skipReason))
    func truncationKeepsClsTheFirst62PiecesAndSep() throws {
        let encoder = try MiniLM.encoder()
        let t = try #require(try MiniLM.reference().extra_truncation_case.first)
        #expect(encoder.tokenizer.pieces(t.text).count == 78)
        #expect(encoder.tokenizer.encode(t.text, maxLength: 64) == t.input_ids)
        #expect(try encoder.tokenize(t.text).ids == t.input_ids)
    }

    /// Hard cases with the ids the original gives (`tokenizers`' BertTokenizer over the
    /// model's tokenizer.json): scripts, controls, unassigned and private-use code points,
    /// compatibility characters, emoji, special tokens, words of 100+ characters.
    static let hardCases: [(String, [Int])] = [
        ("ΟΔΟΣ Σ ας drums!!!", [101, 1169, 29722, 29730, 29733, 1173, 1155, 19579, 3846, 999, 999, 999, 102]),
        ("ピアノとギター 한국어 हिन्दी العربية שלום",
         [101, 1719, 30219, 30243, 30192, 30227, 30235, 30265, 1469, 30006, 30021, 29991, 30014, 30020, 29999, 30008, 1339, 29877,
          29863, 29861, 29878, 1270, 23673, 29830, 17149, 29816, 14498, 19433, 1266, 29799, 29792, 29800, 102]),
        ("a\u{0}b\u{7}c\u{200B}d\u{E000}e\u{378}f\u{FFFD}g", [101, 100, 102]),
        ("rock'n'roll, hip-hop & R&B — «live» @ 120bpm…",
         [101, 2600, 1005, 1050, 1005, 4897, 1010, 5099, 1011, 6154, 1004, 1054, 1004, 1038, 1517, 1077, 2444, 1090, 1030, 6036, 2497, 9737, 1529, 102]),
        ("[CLS] play [MASK] on the [unk] koto[SEP]", [101, 101, 2377, 103, 2006, 1996, 1031, 4895, 2243, 1033, 12849, 3406, 102, 102]),
        ("ﬁﬂ ㎏ ① Ⅷ ǅemal İstanbul", [101, 1984, 30511, 100, 100, 100, 100, 9960, 102]),
        ("😀🎵🎸 emoji music 👍🏽", [101, 100, 7861, 29147, 2072, 2189, 100, 102]),
        ("\t\n\u{2028}\u{3000}\u{A0}spaced   out\r\n", [101, 19835, 2041, 102]),
        (String(repeating: "é", count: 101) + " " + String(repeating: "e", count: 100),
         [101, 100, 25212] + [Int](repeating: 4402, count: 49) + [102]),
        ("Café naïve résumé ÀÉÎÕÜŒßẞ", [101, 7668, 15743, 13746, 29347, 3695, 2226, 29674, 19310, 19310, 102]),
        ("音楽日本語中文漢字 and \u{20000}", [101, 100, 100, 1864, 1876, 1950, 1746, 1861, 1904, 100, 1998, 100, 102]),
        ("unbelievable tokenization of xylophones", [101, 23653, 19204, 3989, 1997, 1060, 8516, 25232, 2015, 102]),
    ]

    @Test(.enabled(if: !MiniLM.skipped, MiniLM.skipReason))
    func hardCasesMatchTheOriginal() throws {
        let encoder = try MiniLM.encoder()
        for (text, ids) in Self.hardCases {
            let ours = [encoder.tokenizer.clsID] + encoder.tokenizer.pieces(text) + [encoder.tokenizer.sepID]
            #expect(ours == ids, "\(text.debugDescription): \(encoder.tokenizer.tokens(ours))")
        }
    }

    // MARK: the basic tokenizer, rule by rule

    let basic = BasicTokenizer()

    @Test func lowerCasesStripsAccentsAndSplitsPunctuation() {
        #expect(basic.tokenize("Café naïve RÉSUMÉ") == ["cafe", "naive", "resume"])
        #expect(basic.tokenize("drums!!! and   BASS") == ["drums", "!", "!", "!", "and", "bass"])
        #expect(basic.tokenize("guitar, 120 bpm.") == ["guitar", ",", "120", "bpm", "."])
        // ASCII symbols that Unicode does not call punctuation are split too.
        #expect(basic.tokenize("a+b=c$d^e`f|g~h<i>") == ["a", "+", "b", "=", "c", "$", "d", "^", "e", "`", "f", "|", "g", "~", "h", "<", "i", ">"])
        // Unicode punctuation (em dash, guillemets) splits; a symbol such as © does not.
        #expect(basic.tokenize("rock—pop «live» ©2024") == ["rock", "—", "pop", "«", "live", "»", "©2024"])
    }

    @Test func splitsCJKIdeographsButNotKana() {
        #expect(basic.tokenize("音楽music") == ["音", "楽", "music"])
        // Kana stay whole, though NFD takes the sound mark (Mn) off ピ, as in the original.
        #expect(basic.tokenize("ピアノ曲") == ["ヒアノ", "曲"])
    }

    @Test func removesControlCharactersAndNormalisesWhitespace() {
        #expect(basic.tokenize("a\u{0}b\u{FFFD}c\u{200B}d\u{7}e\u{E000}f") == ["abcdef"])  // NUL, U+FFFD, Cf, Cc, Co vanish
        #expect(basic.tokenize("a\u{378}b") == ["a\u{378}b"])  // an unassigned code point stays (and makes the word [UNK])
        #expect(basic.tokenize(" \tslow\nsad\r\n\u{00A0}melody\u{2028}x\u{3000}y  ") == ["slow", "sad", "melody", "x", "y"])
        #expect(basic.tokenize("") == [])
        #expect(basic.tokenize("   \n\t ") == [])
    }

    @Test func lowerCasesScalarByScalarAsTheOriginal() {
        // No final-sigma rule: transformers' BertTokenizer (tokenizers' BertNormalizer)
        // maps Σ to σ everywhere, unlike Python's str.lower().
        #expect(basic.tokenize("ΟΔΟΣ ΑΣ Σ") == ["οδοσ", "ασ", "σ"])
        #expect(basic.tokenize("İstanbul") == ["istanbul"])  // İ → i + U+0307, whose mark is then stripped
        // Only canonical decomposition: the digraph ǆ is not spelt out as "dž".
        #expect(basic.tokenize("ǅemal") == ["ǆemal"])
    }

    @Test func accentsFollowLowercasingUnlessToldOtherwise() {
        #expect(BasicTokenizer(lowercase: false).tokenize("Café Naïve") == ["Café", "Naïve"])
        #expect(BasicTokenizer(lowercase: false, stripAccents: true).tokenize("Café") == ["Cafe"])
        #expect(BasicTokenizer(lowercase: true, stripAccents: false).tokenize("CAFÉ") == ["café"])
        // Decomposed input ends up the same as precomposed.
        #expect(basic.tokenize("Cafe\u{301}") == basic.tokenize("Café"))
    }

    // MARK: WordPiece, special tokens, batches — on the tiny vocabulary

    func tinyTokenizer() throws -> BertTokenizer {
        try BertTokenizer(vocabulary: Vocabulary(tokens: TinyBert.vocabulary))
    }

    @Test func wordPieceIsGreedyLongestMatchFirst() throws {
        let t = try tinyTokenizer()
        func pieces(_ s: String) -> [String] { t.tokens(t.pieces(s)) }
        #expect(pieces("playing drums") == ["play", "##ing", "drum", "##s"])
        #expect(pieces("unplayable koto") == ["un", "##p", "##l", "##a", "##y", "##able", "ko", "##to"])
        #expect(pieces("ΟΔΟΣ") == ["οδοσ"])
        // A word that cannot be spelt is one [UNK], whatever pieces matched before.
        #expect(pieces("melody€ 楽 音") == ["[UNK]", "[UNK]", "音"])
        #expect(pieces("Ab1") == ["[UNK]"])
    }

    @Test func wordsOfMoreThan100CharactersAreUnknown() throws {
        let t = try tinyTokenizer()
        #expect(t.tokens(t.pieces(String(repeating: "a", count: 100))).count == 100)
        #expect(t.tokens(t.pieces(String(repeating: "a", count: 101))) == ["[UNK]"])
    }

    @Test func specialTokensInTheTextStayWhole() throws {
        let t = try tinyTokenizer()
        #expect(t.tokens(t.pieces("a [MASK] song[SEP]x [mask]")) == ["a", "[MASK]", "song", "[SEP]", "x", "[", "m", "##a", "##s", "##k", "]"])
    }

    @Test func encodeAddsClsAndSepAndTruncates() throws {
        let t = try tinyTokenizer()
        #expect(t.tokens(t.encode("slow melody", maxLength: 64)) == ["[CLS]", "slow", "melody", "[SEP]"])
        #expect(t.tokens(t.encode("slow sad melody", maxLength: 4)) == ["[CLS]", "slow", "sad", "[SEP]"])
        #expect(t.tokens(t.encode("", maxLength: 8)) == ["[CLS]", "[SEP]"])
    }

    @Test func batchesArePaddedWithMasks() throws {
        let t = try tinyTokenizer()
        let b = t.encodeBatch(["slow melody", "a", "the sad song with piano"], maxLength: 64)
        #expect(b.batch == 3 && b.length == 7 && b.lengths == [4, 3, 7])
        #expect(b.sequence(1) == t.encode("a", maxLength: 64))
        #expect(Array(b.ids[7..<14]) == t.encode("a", maxLength: 64) + [t.padID, t.padID, t.padID, t.padID])
        #expect(b.attentionMask.toArray() == [1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1])
        #expect(t.encodeBatch(["a"], maxLength: 64, padTo: 5).ids == t.encode("a", maxLength: 64) + [t.padID, t.padID])
    }

    @Test func vocabularyReadsAnyLineEndingAndKeepsTheLaterIdOfADuplicate() throws {
        let url = Fixtures.temporaryFolder("vocab").appendingPathComponent("vocab.txt")
        try Data("[PAD]\r\n[UNK]\ra\nb\na\n".utf8).write(to: url)
        let v = try Vocabulary.load(from: url)
        #expect(v.tokens == ["[PAD]", "[UNK]", "a", "b", "a"])
        #expect(v.id("a") == 4 && v.id("b") == 3)
        // Code points, not canonical equivalence: "é" and "e\u{301}" are different tokens.
        let w = Vocabulary(tokens: ["é", "e\u{301}"])
        #expect(w.id("é") == 0 && w.id("e\u{301}") == 1)
    }

    @Test func missingSpecialTokensAreAnError() {
        #expect(throws: TextEncoderError.invalidVocabulary(path: "vocab.txt", reason: "no [CLS] token")) {
            try BertTokenizer(vocabulary: Vocabulary(tokens: ["[PAD]", "[UNK]", "a"]))
        }
    }
}
