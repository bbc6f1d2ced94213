/// A module's weight tensor and how it trains.
///
/// Three ways to train, chosen by name from outside the module (the way
/// DreamStyler picks what to tune):
/// - `frozen`: no gradient, never changed;
/// - `full`: every entry trains;
/// - `entries`: only the listed flat indices train; the others stay bit-identical;
/// and, independently, a trainable **multiplier** `M` (same shape) so that the
/// module sees `W ⊙ M`, with `W` frozen and `M` the parameter (mask training).
public final class Parameter {
    public enum Mode: Equatable, Sendable {
        case frozen
        case full
        /// Sorted, unique flat indices of the entries that train.
        case entries([Int])
    }

    /// The weight itself, a leaf tensor.
    public let value: Tensor
    public private(set) var mode: Mode
    /// The trainable multiplier of mask training, if one is attached.
    public private(set) var multiplier: Tensor?

    public init(_ value: Tensor, mode: Mode = .full) {
        self.value = value
        self.mode = .frozen
        setMode(mode)
    }

    public var shape: [Int] { value.shape }

    /// The tensor the module computes with: `W`, or `W ⊙ M` while a multiplier is attached.
    public var tensor: Tensor {
        if let m = multiplier { return value * m }
        return value
    }

    public func setMode(_ mode: Mode) {
        if case .entries(let idx) = mode {
            require(zip(idx, idx.dropFirst()).allSatisfy { $0 < $1 }, "trainable entries must be sorted and unique")
            require(idx.allSatisfy { $0 >= 0 && $0 < value.count }, "trainable entry outside 0..<\(value.count)")
        }
        self.mode = mode
        value.requiresGrad = mode != .frozen && multiplier == nil
        if mode == .frozen { value.grad = nil }
    }

    /// Trains only where `mask` is non-zero (same shape as the weight).
    public func trainOnly(where mask: Tensor) {
        require(mask.shape == value.shape, "mask \(mask.shape) for weight \(value.shape)")
        setMode(.entries((0..<mask.count).filter { mask.data[$0] != 0 }))
    }

    /// Attaches a multiplier initialised to ones (mask training); the weight itself freezes.
    @discardableResult
    public func attachMultiplier() -> Tensor {
        let m = Tensor.ones(value.shape, requiresGrad: true)
        multiplier = m
        value.requiresGrad = false
        value.grad = nil
        return m
    }

    /// Removes the multiplier and returns it; the weight goes back to its mode.
    @discardableResult
    public func detachMultiplier() -> Tensor? {
        let m = multiplier
        multiplier = nil
        setMode(mode)
        return m
    }

    /// Number of entries that train now.
    public var trainableCount: Int {
        if let m = multiplier { return m.count }
        switch mode {
        case .frozen: return 0
        case .full: return value.count
        case .entries(let idx): return idx.count
        }
    }
}
