/// What the base model v2's denoiser may hear and read. Its audio spans the whole
/// General MIDI set and real music, benchmark instruments included, but its
/// captions never name a benchmark concept; four concepts are kept out
/// entirely, sound and name, so that learning them measures something the prior
/// has never heard (the "strictly novel" subset).
public enum DenoiserPrior {
    /// Two instruments and two genres, from different families: a plucked string
    /// and a pitched percussion instrument, an acoustic dance form and an
    /// electronic, bass-driven one.
    public static let strictlyNovel: [String] = ["koto", "steel_drums", "polka", "dub"]

    public static var strictlyNovelConcepts: [BenchmarkConcept] {
        HoldOut.concepts.filter { strictlyNovel.contains($0.id) }
    }

    /// Programs whose sound the prior never hears (percussion kits, bank 128, are other sounds).
    public static var heldOutPrograms: Set<Int> { Set(strictlyNovelConcepts.compactMap(\.program)) }

    /// The caption the denoiser trains on for a clip, or nil when the clip must not be heard at all.
    /// - A strictly novel instrument's clip is dropped (its genres never occur in the
    ///   generator's styles or the GM renders; real tracks carry no genre labels).
    /// - A caption naming any benchmark concept is replaced by the empty prompt: the clip
    ///   still teaches its sound, never the word.
    /// - A real track with no caption gets the one fact known about it, honestly: it is
    ///   instrumental game music, from this package.
    public static func caption(_ caption: String, bank: Int?, program: Int?, package: String?) -> String? {
        if let program, bank != 128, heldOutPrograms.contains(program) { return nil }
        if HoldOut.conceptNamed(in: caption) != nil { return "" }
        if caption.isEmpty, let package, !package.isEmpty { return realCaption(package: package) }
        return caption
    }

    /// "ufoai-music" → "Instrumental game soundtrack music from ufoai."
    static func realCaption(package: String) -> String {
        var name = package
        for suffix in ["-music-ogg", "-music", "-data"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        let caption = "Instrumental game soundtrack music from \(name)."
        // A package whose name happens to contain a concept's word must not teach it.
        return HoldOut.conceptNamed(in: caption) == nil ? caption : "Instrumental game soundtrack music."
    }
}
