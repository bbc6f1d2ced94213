import Engine

extension Tensor {
    /// Each element's step to its neighbour one place further along `axis` (one fewer along it):
    /// the fine structure a decoder trained on L1 averages away, asked for by the fine-structure
    /// loss and shown to the critic.
    func neighbourSteps(axis: Int) -> Tensor {
        let n = shape[axis]
        return narrow(axis: axis, start: 1, length: n - 1) - narrow(axis: axis, start: 0, length: n - 1)
    }
}
