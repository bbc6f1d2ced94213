import Foundation

/// The class a corpus clip teaches the concept classifier: one of the 20 benchmark
/// concepts, "other", or none (an ambiguous clip, left out).
///
/// The rule mirrors how the benchmark's recordings are made (`BenchmarkBuilder`): an
/// instrument concept plays the lead with no other benchmark instrument around it; a
/// genre concept is a benchmark style played without any benchmark instrument. A
/// benchmark instrument leading a benchmark style counts as the instrument: the lead is
/// what a listener names first, and the instrument classes need every such clip (each
/// has only about 30 in the 4-hour corpus). A benchmark instrument heard only in the
/// accompaniment, or two different ones, has no single right answer: such a clip neither
/// trains nor scores the classifier.
public enum ConceptLabel: Equatable, Sendable {
    case concept(String)
    case other
    case ambiguous

    /// The class name, nil for an ambiguous clip.
    public var className: String? {
        switch self {
        case .concept(let id): return id
        case .other: return ConceptLabel.otherClass
        case .ambiguous: return nil
        }
    }

    public static let otherClass = "other"

    /// The classes in the classifier's order: the 20 concepts as `HoldOut` lists them, then "other".
    public static var classes: [String] { HoldOut.concepts.map(\.id) + [otherClass] }

    /// The instrument concept a General MIDI program (0-based, melodic bank) sounds as, if any.
    /// Violin (40) is Fiddle's sound in the reference soundfont, so it counts as a fiddle.
    static func concept(ofProgram program: Int) -> String? {
        program == 40 ? "fiddle" : HoldOut.concepts.first { $0.program == program }?.id
    }

    /// The label of a solo General MIDI render (a `gm` corpus clip): the benchmark instrument its
    /// program is, else "other"; a drum kit (bank 128) is "other".
    public static func ofProgram(_ program: Int, bank: Int) -> ConceptLabel {
        guard bank != 128, let id = concept(ofProgram: program) else { return .other }
        return .concept(id)
    }

    /// The label of a clip with this arrangement.
    public static func of(_ a: Arrangement) -> ConceptLabel {
        let genre = HoldOut.concepts.first { $0.style == a.style }
        let lead = concept(ofProgram: a.lead)
        let accompaniment = [a.comp, a.layer, a.bass].compactMap { $0 }.compactMap { concept(ofProgram: $0) }
        switch (genre, lead) {
        case (nil, nil): return accompaniment.isEmpty ? .other : .ambiguous
        case (let g?, nil): return accompaniment.isEmpty ? .concept(g.id) : .ambiguous
        case (_, let l?): return accompaniment.allSatisfy { $0 == l } ? .concept(l) : .ambiguous
        }
    }
}

extension ConceptLabel {
    /// The label of every clip of a corpus folder, in its manifest's order (the order of `CorpusIndex`).
    public static func labels(corpus folder: URL) throws -> [ConceptLabel] {
        let url = folder.appendingPathComponent("manifest.jsonl")
        let data = try Data(contentsOf: url)
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).filter { !$0.isEmpty }.map {
            ConceptLabel.of(try decoder.decode(ManifestEntry.self, from: Data($0)).attributes)
        }
    }
}
