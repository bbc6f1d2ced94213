import Engine

/// Token id sequences padded to one length, with the attention mask that marks
/// the real tokens: the input of one encoder forward pass.
public struct TokenBatch: Sendable, Equatable {
    /// (batch × length) ids, row-major, `[PAD]` after each sequence's end.
    public let ids: [Int]
    /// Real tokens per sequence; the rest of each row is padding.
    public let lengths: [Int]
    public let length: Int

    public var batch: Int { lengths.count }

    /// Pads `sequences` with `padID` to the longest, or to `padTo` when that is longer.
    public init(sequences: [[Int]], padID: Int, padTo: Int? = nil) {
        let longest = sequences.map(\.count).max() ?? 0
        length = max(longest, padTo ?? 0)
        lengths = sequences.map(\.count)
        var ids = [Int](repeating: padID, count: sequences.count * length)
        for (b, s) in sequences.enumerated() {
            for (t, id) in s.enumerated() { ids[b * length + t] = id }
        }
        self.ids = ids
    }

    /// The ids of sequence `b`, without padding.
    public func sequence(_ b: Int) -> [Int] { Array(ids[(b * length)..<(b * length + lengths[b])]) }

    /// (batch, length): 1 for real tokens, 0 for padding.
    public var attentionMask: Tensor { Self.mask(lengths: lengths, length: length) }

    /// (batch, length) mask of the first `lengths[b]` positions of each row.
    public static func mask(lengths: [Int], length: Int) -> Tensor {
        let m = Tensor.zeros([lengths.count, length])
        for (b, n) in lengths.enumerated() {
            require(n <= length, "sequence of \(n) tokens in a batch of length \(length)")
            (m.data + b * length).update(repeating: 1, count: n)
        }
        return m
    }
}
