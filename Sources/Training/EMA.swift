import Engine

/// An exponential moving average of a module's parameters, the weights that
/// are shipped and sampled with (smoother than the raw training weights).
public final class EMA {
    public let decay: Float
    public private(set) var shadow: [(name: String, tensor: Tensor)]
    private let parameters: [Parameter]

    public init(_ module: Module, decay: Float = 0.999) {
        self.decay = decay
        let named = module.namedParameters()
        parameters = named.map(\.parameter)
        shadow = named.map { ($0.name, $0.parameter.value.copy()) }
    }

    /// shadow ← decay · shadow + (1 − decay) · weights.
    public func update() {
        let d = decay
        for (p, s) in zip(parameters, shadow) {
            VectorMath.zip(s.tensor.count, s.tensor.data, p.value.data, s.tensor.data) { s, w in d * s + (1 - d) * w }
        }
    }

    /// Restores the averages from a checkpoint's tensors.
    public func load(_ tensors: [String: Tensor], source: String) throws(EngineError) {
        for s in shadow {
            guard let t = tensors[s.name] else { throw .missingTensor(name: s.name, file: source) }
            guard t.shape == s.tensor.shape else { throw .wrongShape(name: s.name, expected: s.tensor.shape, found: t.shape, file: source) }
            s.tensor.assign(t)
        }
    }

    /// Copies the averages into the module (for sampling or shipping).
    public func copy(into module: Module) {
        let byName = Dictionary(uniqueKeysWithValues: shadow.map { ($0.name, $0.tensor) })
        for (n, p) in module.namedParameters() { if let t = byName[n] { p.value.assign(t) } }
    }
}
