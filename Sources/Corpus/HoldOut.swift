/// The 20 concepts of the benchmark, and the rule that keeps them out of the
/// generator's corpus: neither their sound nor their names.
public struct BenchmarkConcept: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case instrument, genre }

    /// Short identifier, also the folder name in a built benchmark (`sitar`, `bossa_nova`).
    public let id: String
    /// How a person names it.
    public let displayName: String
    public let kind: Kind
    /// The GM program of an instrument concept.
    public let program: Int?
    /// The style identifier of a genre concept.
    public let style: String?
    /// Phrases that name the concept, its synonyms included, lowercase; a caption holding any of them names the concept.
    public let names: [String]
}

/// Which corpus a clip is written for.
public enum CorpusKind: String, Sendable, Codable, CaseIterable {
    /// The base model's corpus: the 20 benchmark concepts are held out.
    case generator
    /// The evaluator's broader corpus: everything, benchmark concepts included.
    case evaluator
    /// The broad timbre corpus for the codec and vocoder: every preset of the
    /// soundfont in several registers, dynamics and articulations, the benchmark
    /// instruments included (an autoencoder may know every sound; captions still
    /// never name a benchmark concept). See `TimbrePlan`.
    case gm
}

public enum HoldOut {
    /// The benchmark of the design (section 4): 10 instruments and 10 genres.
    public static let concepts: [BenchmarkConcept] = [
        instrument("sitar", "Sitar", 104, ["sitar", "sitars"]),
        instrument("koto", "Koto", 107, ["koto", "kotos"]),
        instrument("kalimba", "Kalimba", 108, ["kalimba", "kalimbas", "thumb piano", "thumb pianos", "mbira", "sanza"]),
        instrument("bagpipe", "Bagpipe", 109, ["bagpipe", "bagpipes", "highland pipes", "uilleann pipes", "piper"]),
        instrument("shanai", "Shanai", 111, ["shanai", "shehnai", "shenai", "sahnai"]),
        // FluidR3_GM's Fiddle preset plays the Violin instrument's samples: the
        // same sound under two names, so "violin" names this concept too.
        instrument("fiddle", "Fiddle", 110, ["fiddle", "fiddles", "fiddler", "fiddling", "violin", "violins", "violinist"]),
        instrument("shakuhachi", "Shakuhachi", 77, ["shakuhachi", "bamboo flute", "bamboo flutes"]),
        instrument("steel_drums", "Steel Drums", 114, ["steel drum", "steel drums", "steel pan", "steel pans", "steelpan",
                                                       "steelpans", "steel band", "pan drum", "pan drums"]),
        instrument("banjo", "Banjo", 105, ["banjo", "banjos"]),
        instrument("ocarina", "Ocarina", 79, ["ocarina", "ocarinas", "vessel flute"]),
        genre("bossa_nova", "bossa nova", ["bossa", "bossa nova", "bossanova"]),
        genre("reggae", "reggae", ["reggae", "reggaeton", "rasta", "rastafarian", "one drop", "skank", "skanking"]),
        genre("waltz", "waltz", ["waltz", "waltzes", "waltzing", "valse"]),
        genre("swing", "swing", ["swing", "swings", "swinging", "swung", "big band", "big-band"]),
        genre("techno", "techno", ["techno"]),
        genre("flamenco_rumba", "flamenco rumba", ["flamenco", "rumba", "rumbas", "gipsy", "gypsy", "spanish guitar"]),
        genre("polka", "polka", ["polka", "polkas", "oompah", "oom-pah", "oom pah"]),
        genre("march", "march", ["march", "marches", "marching", "military band", "marching band"]),
        genre("dub", "dub", ["dub", "dubs", "dubby", "dubwise"]),
        genre("gospel", "gospel", ["gospel", "spiritual", "spirituals"]),
    ]

    /// Programs the generator never plays: the benchmark instruments, and
    /// programs that share their samples in the reference soundfont (Violin, 40,
    /// is Fiddle's sound in FluidR3_GM). Holding out a name without its sound,
    /// or the reverse, would leak the concept.
    public static let heldOutPrograms: Set<Int> = Set(concepts.compactMap(\.program)).union([40])

    /// Styles the generator never writes.
    public static let heldOutStyles: Set<String> = Set(concepts.compactMap(\.style))

    /// Whether a corpus of `kind` may play `program`.
    public static func allows(program: Int, in kind: CorpusKind) -> Bool {
        kind != .generator || !heldOutPrograms.contains(program)
    }

    /// Whether a corpus of `kind` may write `style`.
    public static func allows(style: String, in kind: CorpusKind) -> Bool {
        kind != .generator || !heldOutStyles.contains(style)
    }

    /// The first benchmark concept that `text` names, with the phrase found, or nil.
    ///
    /// Matching is by whole words (so "pan flute" does not name steel pans and
    /// "dubious" does not name dub), case-insensitive, punctuation ignored.
    public static func conceptNamed(in text: String) -> (concept: BenchmarkConcept, phrase: String)? {
        let words = tokens(text)
        for concept in concepts {
            for name in concept.names {
                let phrase = tokens(name)
                guard !phrase.isEmpty, words.count >= phrase.count else { continue }
                for start in 0...(words.count - phrase.count) where Array(words[start..<start + phrase.count]) == phrase {
                    return (concept, name)
                }
            }
        }
        return nil
    }

    /// Lowercase words of letters and digits; everything else separates.
    static func tokens(_ text: String) -> [Substring] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }
    }

    private static func instrument(_ id: String, _ name: String, _ program: Int, _ names: [String]) -> BenchmarkConcept {
        BenchmarkConcept(id: id, displayName: name, kind: .instrument, program: program, style: nil, names: names)
    }

    private static func genre(_ id: String, _ name: String, _ names: [String]) -> BenchmarkConcept {
        BenchmarkConcept(id: id, displayName: name, kind: .genre, program: nil, style: id, names: names)
    }
}
