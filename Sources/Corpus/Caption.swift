import Engine

/// Writes a caption from a clip's arrangement, in one of many wordings:
/// sentence templates in the manner of MusicCaps, tag lists, and short
/// captions ("jazz piano"). Synonyms, the order of the instruments and which
/// attributes are mentioned all vary, so the model learns the words and not
/// one sentence shape.
public enum Caption {
    /// A caption for `arrangement`, drawn from `rng`.
    public static func write(_ arrangement: Arrangement, rng: inout SeededGenerator) -> String {
        let words = Words(arrangement, rng: &rng)
        let short = rng.nextDouble() < 0.15
        let templates = short ? shortTemplates : sentenceTemplates
        let text = templates[Int.random(in: 0..<templates.count, using: &rng)](words, &rng)
        return capitalised(text)
    }

    typealias Template = @Sendable (Words, inout SeededGenerator) -> String

    static let sentenceTemplates: [Template] = [
        { w, r in "\(article(w.mood)) \(w.mood) \(w.genre) piece with \(w.instruments(&r)), \(w.tempoWord) at \(w.bpm) bpm, in \(w.keyName)." },
        { w, r in "\(w.instruments(&r)) play \(article(w.mood)) \(w.mood) \(w.genre) tune \(w.tempoPhrase(&r))." },
        { w, r in
            "This is \(article(w.genre)) \(w.genre) track. The \(w.lead) carries the melody over \(w.support(&r)). "
                + "The tempo is \(w.tempoWord) (\(w.bpm) BPM) and the mood is \(w.mood)." },
        { w, r in "\(w.tempoWord) \(w.genre) in \(w.keyName) featuring \(w.instruments(&r))." },
        { w, r in "\(article(w.energyWord)) \(w.energyWord) \(w.genre) groove with \(w.instruments(&r)). \(w.bpm) bpm, \(w.keyName)." },
        { w, _ in "\(w.mood), \(w.mood2) \(w.genre) music with \(article(w.lead)) \(w.lead) melody\(w.drumsTail)." },
        { w, r in
            "The song is \(article(w.tempoWord)) \(w.tempoWord) \(w.genre) instrumental in \(w.keyLoose(&r)). "
                + "\(w.lead.capitalisedFirst) plays the lead while \(w.comp) provides the harmony\(w.backing(&r)). "
                + "It sounds \(w.mood) and \(w.mood2)." },
        { w, r in "\(w.genre) instrumental, \(w.bpm) bpm, \(w.keyLoose(&r)), \(w.instruments(&r)), \(w.mood)" },
        { w, _ in "\(w.lead) over \(w.comp) in \(article(w.mood)) \(w.mood) \(w.genre) style." },
        { w, r in "An instrumental \(w.genre) piece in \(w.meter) time with \(w.instruments(&r)); \(w.energyWord) and \(w.mood)." },
        { w, r in "\(w.instruments(&r)). \(w.genre.capitalisedFirst), \(w.tempoWord), \(w.mood)." },
        { w, r in "\(article(w.mood)) \(w.mood) melody on \(w.lead) with \(w.comp) accompaniment, \(w.tempoWord) tempo, \(w.keyLoose(&r))." },
        { w, r in "A recording of \(w.instruments(&r)) playing \(w.genre) \(w.tempoPhrase(&r)); the music feels \(w.mood)." },
        { w, r in "\(w.tempoWord) and \(w.mood): \(w.genre) with \(w.instruments(&r)), \(w.bpm) beats per minute." },
        { w, _ in "Instrumental \(w.genre). \(w.lead.capitalisedFirst) leads, \(w.comp) comps\(w.drumsTail). \(w.mood.capitalisedFirst) mood, \(w.bpm) bpm." },
    ]

    static let shortTemplates: [Template] = [
        { w, _ in "\(w.genre) \(w.lead)" },
        { w, _ in "\(w.mood) \(w.genre)" },
        { w, _ in "\(w.lead) and \(w.comp)" },
        { w, _ in "\(w.genre) with \(w.lead)" },
        { w, _ in "\(w.tempoWord) \(w.genre)" },
        { w, _ in "\(w.mood) \(w.lead)" },
        { w, _ in "\(w.genre), \(w.bpm) bpm" },
    ]

    /// "a" or "an" for the word that follows.
    public static func article(_ next: String) -> String {
        let word = next.lowercased()
        if ["euphoric", "european", "one", "uni", "use"].contains(where: word.hasPrefix) { return "a" }
        if word.hasPrefix("r&b") || word.hasPrefix("80s") { return "an" }
        return word.first.map { "aeiou8".contains($0) } == true ? "an" : "a"
    }

    /// Tempo words a caption may use for `bpm`.
    public static func tempoWords(_ bpm: Int) -> [String] { Words.tempoWords(bpm) }

    /// Mood words a caption may use for a style (nil: none) in `mode` at `bpm`.
    public static func moods(style: Style?, mode: Mode, bpm: Int) -> [String] { Words.moods(style: style, mode: mode, bpm: bpm) }

    static func capitalised(_ s: String) -> String { s.capitalisedFirst }
}

extension String {
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
