/// Greedy longest-match-first WordPiece: a word becomes the longest vocabulary
/// entry that starts it, then the longest `##`-prefixed entry that continues it,
/// and so on. A word that cannot be covered this way, or that is longer than
/// `maxCharactersPerWord` scalars, is one `[UNK]`.
public struct WordPiece: Sendable {
    public let vocabulary: Vocabulary
    public let unknownID: Int
    public var continuationPrefix: [Unicode.Scalar] = ["#", "#"]
    public var maxCharactersPerWord = 100

    public init(vocabulary: Vocabulary, unknownID: Int) {
        self.vocabulary = vocabulary
        self.unknownID = unknownID
    }

    /// Appends the ids of `word`'s pieces to `ids`.
    public func split(_ word: [Unicode.Scalar], into ids: inout [Int]) {
        if word.count > maxCharactersPerWord { ids.append(unknownID); return }
        // Fast path: most words of a prompt are whole vocabulary entries.
        if let id = vocabulary.id(word) { ids.append(id); return }
        let mark = ids.count
        var start = 0
        var candidate: [Unicode.Scalar] = []
        candidate.reserveCapacity(word.count + continuationPrefix.count)
        while start < word.count {
            var end = word.count
            var found: Int?
            while start < end {
                candidate.removeAll(keepingCapacity: true)
                if start > 0 { candidate.append(contentsOf: continuationPrefix) }
                candidate.append(contentsOf: word[start..<end])
                if let id = vocabulary.id(candidate) { found = id; break }
                end -= 1
            }
            guard let id = found else {
                ids.removeSubrange(mark...)
                ids.append(unknownID)
                return
            }
            ids.append(id)
            start = end
        }
    }

    /// The ids of `word`'s pieces.
    public func split(_ word: [Unicode.Scalar]) -> [Int] {
        var ids: [Int] = []
        split(word, into: &ids)
        return ids
    }
}
