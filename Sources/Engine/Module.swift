/// A building block of a model: its own parameters and child modules, both
/// registered under names, so that every parameter has a dotted path such as
/// `down.1.attn.0.attn1.to_v.weight`. Freezing, selecting for training,
/// checkpoints and optimisers all go by those paths.
open class Module {
    public private(set) var children: [(name: String, module: Module)] = []
    public private(set) var ownParameters: [(name: String, parameter: Parameter)] = []

    public init() {}

    /// Registers a child module under `name` and returns it.
    @discardableResult
    public func register<M: Module>(_ name: String, _ module: M) -> M {
        require(!name.isEmpty && !name.contains("."), "module name '\(name)' must be non-empty and dot-free")
        require(!children.contains { $0.name == name } && !ownParameters.contains { $0.name == name }, "duplicate name '\(name)'")
        children.append((name, module))
        return module
    }

    /// Registers a parameter under `name` and returns it.
    @discardableResult
    public func register(_ name: String, _ parameter: Parameter) -> Parameter {
        require(!name.isEmpty && !name.contains("."), "parameter name '\(name)' must be non-empty and dot-free")
        require(!children.contains { $0.name == name } && !ownParameters.contains { $0.name == name }, "duplicate name '\(name)'")
        ownParameters.append((name, parameter))
        return parameter
    }

    /// Every parameter under its dotted path, depth-first in registration order.
    public func namedParameters() -> [(name: String, parameter: Parameter)] {
        var out: [(String, Parameter)] = []
        collect(prefix: "", into: &out)
        return out
    }

    private func collect(prefix: String, into out: inout [(String, Parameter)]) {
        for (n, p) in ownParameters { out.append((prefix + n, p)) }
        for (n, m) in children { m.collect(prefix: prefix + n + ".", into: &out) }
    }

    /// Every module under its dotted path (the root is "").
    public func namedModules() -> [(name: String, module: Module)] {
        var out: [(String, Module)] = [("", self)]
        for (n, m) in children {
            for (sub, mm) in m.namedModules() { out.append((sub.isEmpty ? n : n + "." + sub, mm)) }
        }
        return out
    }

    /// The parameter at a dotted path.
    public func parameter(_ path: String) -> Parameter? {
        namedParameters().first { $0.name == path }?.parameter
    }

    /// Total number of scalars in all parameters.
    public var parameterCount: Int { namedParameters().reduce(0) { $0 + $1.parameter.value.count } }

    /// Sets the mode of every parameter whose path satisfies `selected` (others untouched).
    public func setMode(_ mode: Parameter.Mode, where selected: (String) -> Bool) {
        for (n, p) in namedParameters() where selected(n) { p.setMode(mode) }
    }

    /// Freezes every parameter.
    public func freezeAll() { setMode(.frozen) { _ in true } }

    /// Makes every parameter fully trainable.
    public func trainAll() { setMode(.full) { _ in true } }
}

/// An ordered list of modules registered as "0", "1", ….
public final class ModuleList<M: Module>: Module {
    public private(set) var items: [M] = []

    public init(_ items: [M] = []) {
        super.init()
        for m in items { append(m) }
    }

    public func append(_ m: M) {
        register(String(items.count), m)
        items.append(m)
    }

    public var count: Int { items.count }
    public subscript(i: Int) -> M { items[i] }
}
