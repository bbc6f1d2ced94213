/// Whether operations record a graph for differentiation.
///
/// Inference runs inside `noGrad { … }`: no nodes are recorded and no tensors
/// are kept for a backward pass.
public enum GradMode {
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording operations for differentiation.
public func noGrad<T>(_ body: () throws -> T) rethrows -> T {
    try GradMode.$isEnabled.withValue(false) { try body() }
}

/// One recorded operation: its inputs and the rule that sends the output's
/// gradient back to them.
final class Node {
    let name: String
    let inputs: [Tensor]
    /// Called with the output tensor (whose `grad` is set); accumulates into the inputs' grads.
    let backward: (Tensor) -> Void

    init(_ name: String, _ inputs: [Tensor], _ backward: @escaping (Tensor) -> Void) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }
}

extension Tensor {
    /// Whether an operation on `inputs` must be recorded.
    @inline(__always)
    static func needsGrad(_ inputs: Tensor...) -> Bool {
        guard GradMode.isEnabled else { return false }
        for t in inputs where t.requiresGrad { return true }
        return false
    }

    /// Marks `self` as the output of a recorded operation when any input requires a gradient.
    @inline(__always)
    @discardableResult
    func record(_ name: String, _ inputs: [Tensor], _ backward: @escaping (Tensor) -> Void) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return self }
        requiresGrad = true
        node = Node(name, inputs, backward)
        return self
    }

    /// Reverse-mode differentiation from this scalar: every tensor that requires a
    /// gradient and fed into it gets `grad` += ∂self/∂tensor.
    ///
    /// The graph is released as it is walked, so a second call needs a new forward pass.
    /// Intermediate gradients are dropped once used; leaves keep theirs.
    public func backward(gradient: Tensor? = nil) {
        require(requiresGrad, "backward() on a tensor that does not require a gradient")
        if let g = gradient {
            require(g.shape == shape, "gradient \(g.shape) for \(shape)")
            accumulateGrad(g.data)
        } else {
            require(count == 1, "backward() without a gradient needs a scalar, not \(shape)")
            accumulateGrad([Float(1)])
        }
        for t in topologicalOrder().reversed() {
            guard let node = t.node else { continue }
            if t.grad != nil { node.backward(t) }
            t.node = nil
            t.grad = nil
        }
    }

    /// Recorded tensors reachable from self, each after all of its inputs.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var seen = Set<ObjectIdentifier>()
        // Iterative depth-first search: a deep graph must not overflow the stack.
        var stack: [(Tensor, Int)] = [(self, 0)]
        seen.insert(ObjectIdentifier(self))
        while let (t, i) = stack.popLast() {
            let inputs = t.node?.inputs ?? []
            if i < inputs.count {
                stack.append((t, i + 1))
                let c = inputs[i]
                if c.node != nil, seen.insert(ObjectIdentifier(c)).inserted { stack.append((c, 0)) }
            } else {
                order.append(t)
            }
        }
        return order
    }

    /// Clears this leaf's gradient.
    public func zeroGrad() { grad = nil }
}
