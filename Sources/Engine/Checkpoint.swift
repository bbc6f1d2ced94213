import Foundation

extension Module {
    /// Writes every parameter under its dotted name (atomically).
    public func save(to url: URL, dtype: SafeTensors.DType = .f32, metadata: [String: String] = [:]) throws {
        try SafeTensors.write(namedParameters().map { ($0.name, $0.parameter.value) }, to: url, dtype: dtype, metadata: metadata)
    }

    /// Loads parameters by dotted name, checking every shape.
    ///
    /// Strict (the default): every parameter must be in the file and every tensor in
    /// the file must belong to a parameter. `rename` maps file names to parameter
    /// names (for checkpoints from other tools); return nil to skip a file tensor.
    public func load(from file: SafeTensors, strict: Bool = true, rename: (String) -> String? = { $0 }) throws(EngineError) {
        let params = Dictionary(uniqueKeysWithValues: namedParameters().map { ($0.name, $0.parameter) })
        var filled = Set<String>()
        var staged: [(Parameter, Tensor)] = []
        for name in file.names {
            guard let target = rename(name) else { continue }
            guard let p = params[target] else {
                if strict { throw .unexpectedTensor(name: name, file: file.source) }
                continue
            }
            let e = file.entry(name)!
            guard e.shape == p.shape else { throw .wrongShape(name: target, expected: p.shape, found: e.shape, file: file.source) }
            staged.append((p, try file.tensor(name)))
            filled.insert(target)
        }
        if strict, let missing = params.keys.sorted().first(where: { !filled.contains($0) }) {
            throw .missingTensor(name: missing, file: file.source)
        }
        // Only after every check passed: a failed load leaves the module as it was.
        for (p, t) in staged { p.value.assign(t) }
    }

    /// Loads parameters from a safetensors file (see `load(from:strict:rename:)`).
    public func load(from url: URL, strict: Bool = true) throws(EngineError) {
        try load(from: SafeTensors(contentsOf: url), strict: strict)
    }
}
