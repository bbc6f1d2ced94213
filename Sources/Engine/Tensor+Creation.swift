extension Tensor {
    /// A tensor from values in row-major order.
    public convenience init(_ values: [Float], shape: [Int], requiresGrad: Bool = false) {
        let n = shape.reduce(1, *)
        require(values.count == n, "\(values.count) values for shape \(shape)")
        self.init(uninitializedShape: shape)
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: n) }
        self.requiresGrad = requiresGrad
    }

    /// A scalar (shape []).
    public convenience init(scalar: Float) {
        self.init([scalar], shape: [])
    }

    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 0, requiresGrad: requiresGrad)
    }

    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 1, requiresGrad: requiresGrad)
    }

    public static func full(_ shape: [Int], _ value: Float, requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        t.fill(value)
        t.requiresGrad = requiresGrad
        return t
    }

    /// Normal(mean, std) from a seeded generator.
    public static func randn(_ shape: [Int], std: Float = 1, mean: Float = 0, using rng: inout SeededGenerator, requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.data[i] = mean + std * rng.nextNormal() }
        t.requiresGrad = requiresGrad
        return t
    }

    /// Uniform in [low, high) from a seeded generator.
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, using rng: inout SeededGenerator, requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.data[i] = low + (high - low) * rng.nextUniform() }
        t.requiresGrad = requiresGrad
        return t
    }

    /// 0, 1, …, n−1.
    public static func arange(_ n: Int) -> Tensor {
        let t = Tensor(uninitializedShape: [n])
        for i in 0..<n { t.data[i] = Float(i) }
        return t
    }
}
