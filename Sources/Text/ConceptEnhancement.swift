import Engine
import Foundation

/// The concept-enhancement measurement of the paper's Fig. 3(b): how similar two
/// concepts' identifiers are *after* the text encoder, alone and inside a
/// description.
///
/// A concept's encoded identifier is the mean of the encoder's output states at
/// its identifier positions. The bare prompt is just `<name>`; the described one
/// puts `<name>` into the same sentence for both concepts. Shared context pulls
/// the two together (the cosine rises); several tokens per concept are what keeps
/// them apart, which is why DreamStyler uses n > 1.
public struct ConceptEnhancement: Codable, Sendable, Equatable {
    /// The sentence a concept is put into; `{}` marks where `<name>` goes.
    public static let defaultDescription = "a piece of music played with {}"

    public var first: String
    public var second: String
    public var description: String
    /// Cosine of the encoded identifiers of `<first>` and `<second>` alone.
    public var bareCosine: Double
    /// Cosine of the encoded identifiers with the description around them.
    public var describedCosine: Double

    /// Measures two known concepts of `encoder` (no gradient is recorded).
    public static func measure(_ encoder: TextEncoder, _ first: String, _ second: String,
                               description: String = defaultDescription) throws(TextEncoderError) -> ConceptEnhancement {
        require(description.contains("{}"), "the description needs a {} where the concept goes")
        let bare = try noGradThrowing { () throws(TextEncoderError) in try encoder.encode(["<\(first)>", "<\(second)>"]) }
        let described = try noGradThrowing { () throws(TextEncoderError) in
            try encoder.encode([description.replacingOccurrences(of: "{}", with: "<\(first)>"),
                                description.replacingOccurrences(of: "{}", with: "<\(second)>")])
        }
        func cosine(_ e: EncodedText) -> Double {
            Pooling.cosine(e.identifierState(of: first, prompt: 0)!, e.identifierState(of: second, prompt: 1)!)
        }
        return ConceptEnhancement(first: first, second: second, description: description,
                                  bareCosine: cosine(bare), describedCosine: cosine(described))
    }
}

/// `noGrad` for a body with a typed error (the engine's `noGrad` rethrows untyped).
func noGradThrowing<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    let result: Result<T, E> = noGrad {
        do throws(E) { return .success(try body()) } catch { return .failure(error) }
    }
    return try result.get()
}
