/// A Float32 tensor in contiguous row-major storage.
///
/// Reshapes and slices of the leading axis are views that share storage; every
/// other operation writes a new tensor. A tensor that `requiresGrad` takes part
/// in reverse-mode differentiation: operations on it record a `Node`, and
/// `backward()` fills `grad` of every leaf that asked for one.
public final class Tensor: @unchecked Sendable {
    public let shape: [Int]
    public let count: Int
    public let storage: Storage
    public let offset: Int

    /// Whether gradients flow to (or through) this tensor.
    public var requiresGrad: Bool
    /// The accumulated gradient, same shape; created on first accumulation.
    public var grad: Tensor?
    /// The recorded operation that produced this tensor, if it needs a backward pass.
    var node: Node?

    init(shape: [Int], storage: Storage, offset: Int = 0, requiresGrad: Bool = false) {
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.storage = storage
        self.offset = offset
        self.requiresGrad = requiresGrad
        require(offset + count <= storage.count, "view \(shape) at \(offset) exceeds storage \(storage.count)")
    }

    /// A tensor with uninitialised contents, for operations that write every element.
    public init(uninitializedShape shape: [Int]) {
        require(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.storage = Storage(uninitialized: count)
        self.offset = 0
        self.requiresGrad = false
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// The first element's address; valid while this tensor is alive.
    @inline(__always)
    public var data: UnsafeMutablePointer<Float> { storage.pointer + offset }

    /// Whether this tensor was produced by a recorded operation (not a leaf).
    public var isLeaf: Bool { node == nil }

    /// Size of dimension `axis` (negative counts from the end).
    public func size(_ axis: Int) -> Int { shape[normalizeAxis(axis)] }

    func normalizeAxis(_ axis: Int) -> Int {
        let a = axis < 0 ? axis + rank : axis
        require(a >= 0 && a < rank, "axis \(axis) out of range for shape \(shape)")
        return a
    }

    /// The values as a Swift array.
    public func toArray() -> [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// The single value of a one-element tensor.
    public func item() -> Float {
        require(count == 1, "item() on a tensor of shape \(shape)")
        return data[0]
    }

    /// The value at a multi-index.
    public subscript(_ index: Int...) -> Float {
        get { data[flatIndex(index)] }
        set { data[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        require(index.count == rank, "index \(index) for shape \(shape)")
        var f = 0
        for (i, d) in zip(index, shape) {
            require(i >= 0 && i < d, "index \(index) out of bounds for \(shape)")
            f = f * d + i
        }
        return f
    }

    /// A copy detached from any graph.
    public func copy() -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        t.data.update(from: data, count: count)
        return t
    }

    /// This tensor's values as a new leaf that does not require gradients.
    public func detached() -> Tensor {
        Tensor(shape: shape, storage: storage, offset: offset)
    }

    /// Overwrites the values (shapes must match); no gradient is recorded.
    public func assign(_ other: Tensor) {
        require(other.shape == shape, "assign \(other.shape) to \(shape)")
        data.update(from: other.data, count: count)
    }

    /// Sets every element to `value`.
    public func fill(_ value: Float) {
        data.update(repeating: value, count: count)
    }

    /// Whether every element is finite.
    public var isFinite: Bool {
        var ok = true
        for i in 0..<count where !data[i].isFinite { ok = false; break }
        return ok
    }

    /// The gradient buffer, created as zeros on first use.
    func gradData() -> UnsafeMutablePointer<Float> {
        if let g = grad { return g.data }
        let g = Tensor.zeros(shape)
        grad = g
        return g.data
    }

    /// Adds `n` values into the gradient.
    func accumulateGrad(_ src: UnsafePointer<Float>) {
        if grad == nil {
            let g = Tensor(uninitializedShape: shape)
            g.data.update(from: src, count: count)
            grad = g
        } else {
            let dst = grad!.data
            Parallel.ranges(count, grain: 1 << 16) { r in
                VectorMath.add(r.count, src + r.lowerBound, into: dst + r.lowerBound)
            }
        }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let head = toArray().prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor(\(shape)\(requiresGrad ? ", grad" : ""): [\(head)\(count > 8 ? ", …" : "")])"
    }
}

import Foundation
