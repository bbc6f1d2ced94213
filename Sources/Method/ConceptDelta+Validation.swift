import ConceptGrammar
import Engine
import Foundation
import Library
import Model
import Training

/// Checks a delta from outside (an import) completely before anything is written:
/// its manifest, and every tensor against the base model it will be applied to, so
/// that a bad file fails at `library import` with one line and not later at `generate`.
extension ConceptDelta {
    /// Identifier tokens a concept may have (the prompt holds 64 word pieces in all).
    public static let tokenRange = 1...16

    /// A delta that does not fit: which file, and what is wrong with it.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public var source: String
        public var reason: String
        public var description: String { "\(source): not a usable concept delta: \(reason)" }
    }

    /// The manifest on its own: concept names that are safe as `<name>` and as a file name,
    /// counts in range, and one token tensor for exactly the concepts it names.
    public func validateManifest(source: String) throws(Invalid) {
        func fail(_ reason: String) -> Invalid { Invalid(source: source, reason: reason) }
        guard !manifest.concepts.isEmpty else { throw fail("its manifest names no concept") }
        for name in manifest.concepts.keys.sorted() where !ConceptName.isValid(name) {
            throw fail(ConceptName.refusal(name))
        }
        guard ConceptDelta.tokenRange.contains(manifest.tokens) else {
            throw fail("\(manifest.tokens) identifier tokens per concept (\(ConceptDelta.tokenRange.lowerBound)–\(ConceptDelta.tokenRange.upperBound) allowed)")
        }
        guard manifest.steps >= 0 else { throw fail("a negative step count (\(manifest.steps))") }
        guard manifest.pivotalPercent.isFinite, (0...100).contains(manifest.pivotalPercent) else {
            throw fail("pivotal percentage \(manifest.pivotalPercent) is not in 0–100")
        }
        let named = Set(manifest.concepts.keys), carried = Set(tokens.keys)
        if let extra = carried.subtracting(named).sorted().first {
            throw fail("it carries tokens for '\(DataFolder.UnsafePath.printable(extra))', a concept its manifest does not name")
        }
        if let missing = named.subtracting(carried).sorted().first { throw fail("it has no identifier tokens for <\(missing)>") }
    }

    /// Everything: the manifest, then every tensor against `unet` (the base denoiser) and the text
    /// encoder's width — names known, shapes equal, entry indices in range and unique, values finite.
    public func validate(against unet: UNet1D, hiddenSize: Int, source: String) throws(Invalid) {
        try validateManifest(source: source)
        func fail(_ reason: String) -> Invalid { Invalid(source: source, reason: reason) }
        func finite(_ t: Tensor) -> Bool { t.toArray().allSatisfy(\.isFinite) }
        for (name, t) in tokens.sorted(by: { $0.key < $1.key }) {
            guard t.shape == [manifest.tokens, hiddenSize] else {
                throw fail("tokens of <\(name)> have shape \(t.shape), expected [\(manifest.tokens), \(hiddenSize)]")
            }
            guard finite(t) else { throw fail("tokens of <\(name)> hold NaN or infinite values") }
        }
        let params = Dictionary(uniqueKeysWithValues: unet.namedParameters().map { ($0.name, $0.parameter) })
        for (name, t) in full.sorted(by: { $0.key < $1.key }) {
            guard let p = params[name] else { throw fail("'\(DataFolder.UnsafePath.printable(name))' is not a tensor of the base model") }
            guard p.shape == t.shape else { throw fail("'\(name)' has shape \(t.shape), the base model's is \(p.shape)") }
            guard finite(t) else { throw fail("'\(name)' holds NaN or infinite values") }
        }
        for (name, e) in entries.sorted(by: { $0.key < $1.key }) {
            guard let p = params[name] else { throw fail("'\(DataFolder.UnsafePath.printable(name))' is not a tensor of the base model") }
            guard e.indices.count == e.values.count else {
                throw fail("'\(name)' has \(e.indices.count) pivotal indices but \(e.values.count) values")
            }
            if let bad = e.indices.first(where: { $0 < 0 || $0 >= p.value.count }) {
                throw fail("pivotal index \(bad) of '\(name)' is outside its \(p.value.count) entries")
            }
            guard Set(e.indices).count == e.indices.count else { throw fail("'\(name)' names a pivotal index twice") }
            guard e.values.allSatisfy(\.isFinite) else { throw fail("'\(name)' holds NaN or infinite values") }
        }
    }
}
