import Engine
import Generation
import Foundation
import Model
import Text

/// A learned concept (or a set learned jointly) as the difference to the base
/// model: the identifier embeddings, the fully trained U-Net tensors, and the
/// trained entries of partly trained ones as indices + values — a few MB — with a
/// manifest. It names the base checkpoint it was made for and refuses any other.
public struct ConceptDelta {
    public struct Manifest: Codable, Sendable, Equatable {
        public var concepts: [String: ConceptKind]
        public var method: TuningMethod
        public var pivotalPercent: Double
        public var selection: EntrySelectionMode
        public var tokens: Int
        public var steps: Int
        /// sha256 of the base model's denoiser weights.
        public var baseHash: String
        public var mask: MaskReport?
        public var metrics: [String: Double]
        public var createdAt: String

        public init(concepts: [String: ConceptKind], method: TuningMethod, pivotalPercent: Double, selection: EntrySelectionMode,
                    tokens: Int, steps: Int, baseHash: String, mask: MaskReport?, metrics: [String: Double], createdAt: String) {
            self.concepts = concepts
            self.method = method
            self.pivotalPercent = pivotalPercent
            self.selection = selection
            self.tokens = tokens
            self.steps = steps
            self.baseHash = baseHash
            self.mask = mask
            self.metrics = metrics
            self.createdAt = createdAt
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case otherBase(file: String, expected: String, found: String)
        case notADelta(String)
        case corrupt(file: String, reason: String)

        public var description: String {
            switch self {
            case .otherBase(let f, let e, let found):
                return "\(f): made for \(BaseModel.name(denoiserHash: e)), not for this base model (\(BaseModel.name(denoiserHash: found))); use that base (--model DIR) or learn the concept again on this one"
            case .notADelta(let f): return "\(f): not a concept delta (no manifest)"
            case .corrupt(let f, let r): return "\(f): a damaged concept delta (\(r))"
            }
        }
    }

    public var manifest: Manifest
    public var tokens: [String: Tensor]
    public var full: [String: Tensor]
    public var entries: [String: (indices: [Int], values: [Float])]

    public init(manifest: Manifest, tokens: [String: Tensor], full: [String: Tensor], entries: [String: (indices: [Int], values: [Float])]) {
        self.manifest = manifest
        self.tokens = tokens
        self.full = full
        self.entries = entries
    }

    /// Collects what training changed: trained tokens, full tensors, trained entries.
    public static func capture(unet: UNet1D, text: TextEncoder, concepts: [String], manifest: Manifest) -> ConceptDelta {
        var full: [String: Tensor] = [:], entries: [String: (indices: [Int], values: [Float])] = [:]
        for (name, p) in unet.namedParameters() {
            switch p.mode {
            case .frozen: continue
            case .full: full[name] = p.value.copy()
            // Beyond half of a tensor, its values alone (4 bytes an entry) take less than indices and
            // values of the trained entries (8); the untrained ones hold the base's values, which the
            // base this delta is checked against restores anyway. A genre's P = 100 % stores dense.
            case .entries(let idx) where 2 * idx.count > p.value.count: full[name] = p.value.copy()
            case .entries(let idx): entries[name] = (idx, idx.map { p.value.data[$0] })
            }
        }
        var tokens: [String: Tensor] = [:]
        for c in concepts { tokens[c] = text.concepts[c]!.embeddings.value.copy() }
        return ConceptDelta(manifest: manifest, tokens: tokens, full: full, entries: entries)
    }

    public func write(to url: URL) throws {
        var list: [(String, Tensor, SafeTensors.DType)] = []
        for (n, t) in tokens.sorted(by: { $0.key < $1.key }) { list.append(("tokens.\(n)", t, .f32)) }
        for (n, t) in full.sorted(by: { $0.key < $1.key }) { list.append((n, t, .f32)) }
        for (n, e) in entries.sorted(by: { $0.key < $1.key }) {
            list.append(("\(n).indices", Tensor(e.indices.map(Float.init), shape: [e.indices.count]), .i32))
            list.append(("\(n).values", Tensor(e.values, shape: [e.values.count]), .f32))
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        try SafeTensors.write(entries: list, to: url, metadata: ["manifest": String(decoding: try enc.encode(manifest), as: UTF8.self)])
    }

    public static func read(_ url: URL) throws -> ConceptDelta {
        try read(SafeTensors(contentsOf: url), source: url.path)
    }

    /// A delta from the bytes of a file (`source` names it in errors).
    public static func read(data: Data, source: String) throws -> ConceptDelta {
        try read(SafeTensors(data: data, source: source), source: source)
    }

    static func read(_ f: SafeTensors, source: String) throws -> ConceptDelta {
        guard let m = f.metadata["manifest"], let manifest = try? JSONDecoder().decode(Manifest.self, from: Data(m.utf8)) else {
            throw Failure.notADelta(source)
        }
        var tokens: [String: Tensor] = [:], full: [String: Tensor] = [:], entries: [String: (indices: [Int], values: [Float])] = [:]
        for name in f.names {
            if name.hasPrefix("tokens.") { tokens[String(name.dropFirst(7))] = try f.tensor(name) }
            else if name.hasSuffix(".indices") {
                let base = String(name.dropLast(8))
                let raw = try f.tensor(name).toArray()
                // Int(Float) traps on NaN or out-of-range values: a crafted file must fail with a line, not a crash.
                guard raw.allSatisfy({ $0.isFinite && $0 == $0.rounded() && abs($0) < 1e9 }) else {
                    throw Failure.corrupt(file: source, reason: "'\(name)' holds indices that are not whole numbers")
                }
                guard f.names.contains(base + ".values") else { throw Failure.corrupt(file: source, reason: "'\(name)' has no '\(base).values'") }
                entries[base] = (raw.map { Int($0) }, try f.tensor(base + ".values").toArray())
            } else if !name.hasSuffix(".values") { full[name] = try f.tensor(name) }
        }
        return ConceptDelta(manifest: manifest, tokens: tokens, full: full, entries: entries)
    }

    /// Puts the concept into `unet` (a fresh copy of the base denoiser) and `text`. `strength` scales
    /// the denoiser's change, base + s·(learned − base): 0 leaves the base's weights, 1 is the
    /// learn, beyond 1 exaggerates it. The identifier embeddings have no base value and are kept
    /// whole, so a concept at strength 0 is still named by what the learn made of its tokens.
    public func apply(to unet: UNet1D, text: TextEncoder, baseHash: String, source: String = "delta", strength: Float = 1) throws {
        guard manifest.baseHash == baseHash else { throw Failure.otherBase(file: source, expected: manifest.baseHash, found: baseHash) }
        let params = Dictionary(uniqueKeysWithValues: unet.namedParameters().map { ($0.name, $0.parameter) })
        // Check everything before changing anything.
        for (n, t) in full {
            guard let p = params[n] else { throw EngineError.unexpectedTensor(name: n, file: source) }
            guard p.shape == t.shape else { throw EngineError.wrongShape(name: n, expected: p.shape, found: t.shape, file: source) }
        }
        for (n, e) in entries {
            guard let p = params[n] else { throw EngineError.unexpectedTensor(name: n, file: source) }
            guard e.indices.count == e.values.count, e.indices.allSatisfy({ $0 >= 0 && $0 < p.value.count }) else {
                throw EngineError.corruptFile(path: source, reason: "entries of '\(n)' do not fit its shape")
            }
        }
        for (n, t) in full {
            let p = params[n]!.value
            if strength == 1 { p.assign(t); continue }
            for i in 0..<p.count { p.data[i] += strength * (t.data[i] - p.data[i]) }
        }
        for (n, e) in entries {
            let p = params[n]!.value
            for (i, v) in zip(e.indices, e.values) { p.data[i] = strength == 1 ? v : p.data[i] + strength * (v - p.data[i]) }
        }
        for (name, t) in tokens.sorted(by: { $0.key < $1.key }) {
            if let existing = text.concepts[name] {
                guard existing.embeddings.shape == t.shape else {
                    throw EngineError.wrongShape(name: "tokens.\(name)", expected: existing.embeddings.shape, found: t.shape, file: source)
                }
                existing.embeddings.value.assign(t)
            } else {
                try text.addConcept(name, embeddings: t)
            }
        }
    }

    /// The same delta with concept `old` called `new` (tokens and manifest).
    public func renamed(_ old: String, to new: String) -> ConceptDelta {
        var d = self
        if let t = d.tokens.removeValue(forKey: old) { d.tokens[new] = t }
        if let k = d.manifest.concepts.removeValue(forKey: old) { d.manifest.concepts[new] = k }
        return d
    }

    /// The strengths `apply` is offered by the product: from none of the learned change to twice it.
    public static let strengthRange: ClosedRange<Double> = 0...2

    /// Size of the delta's tensors in bytes.
    public var byteCount: Int {
        tokens.values.reduce(0) { $0 + 4 * $1.count } + full.values.reduce(0) { $0 + 4 * $1.count }
            + entries.values.reduce(0) { $0 + 8 * $1.indices.count }
    }
}
