import Engine

/// A lookup table of `count` vectors of `dimension` floats, as PyTorch's
/// `nn.Embedding` stores it: one parameter `weight` (count, dimension).
public final class Embedding: Module {
    public let weight: Parameter

    /// Entries drawn from N(0, std²) (PyTorch's default is std 1; BERT uses 0.02).
    public init(_ count: Int, _ dimension: Int, std: Float = 1, rng: inout SeededGenerator) {
        weight = Parameter(Tensor.randn([count, dimension], std: std, using: &rng))
        super.init()
        register("weight", weight)
    }

    /// A table with the given values (for weights that are loaded next, or known).
    public init(weight: Tensor) {
        require(weight.rank == 2, "embedding table must be (count, dimension), got \(weight.shape)")
        self.weight = Parameter(weight)
        super.init()
        register("weight", self.weight)
    }

    public var count: Int { weight.shape[0] }
    public var dimension: Int { weight.shape[1] }

    /// Rows picked by `indices`, shaped `shape + [dimension]` (default `[indices.count, dimension]`).
    public func callAsFunction(_ indices: [Int], shape: [Int]? = nil) -> Tensor {
        Tensor.embedding(weight.tensor, indices: indices, shape: shape)
    }
}
