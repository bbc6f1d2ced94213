/// Generator styles of acoustic and orchestral music: folk ballad, celtic jig,
/// baroque, classical piano, chamber strings, cinematic.
private typealias Dr = GeneralMIDI.Drum

extension Styles {
    static let acoustic: [Style] = [folkBallad, celticJig, baroque, classicalPiano, chamberStrings, cinematic]

    /// Fingerpicked guitar in a slow 6/8, a woodwind or cello singing over it.
    static let folkBallad = Style(
        id: "folk_ballad", names: ["folk", "acoustic folk", "folk ballad"], tempo: 56...84, meter: .sixEight,
        progressions: [Progression(.major, "I | V | vi | IV"), Progression(.major, "vi | IV | I | V"),
                       Progression(.minor, "i | bVII | bVI | bVII"), Progression(.major, "I | IV | I | V")],
        drums: [DrumGroove([(Dr.kick, "x....."), (Dr.tambourine, "...x..")])], drumChance: 0.3,
        comps: [Comp(pattern: "xxxxxx", kind: .arpeggio([0, 2, 3, 4, 3, 2]), voicing: .spread, legato: 1),
                Comp(pattern: "xxxxxx", kind: .arpeggio([0, 3, 2, 4, 3, 2]), voicing: .spread, legato: 1)],
        bass: ["R-----", "R--5--"], bassChance: 0.5,
        melody: Melody(rhythms: ["x--x-x", "x-xx--", "x-----", "x--x--", "xxx---"], stepwise: 0.8, span: 12, legato: 0.95),
        leads: [73, 74, 71, 42, 68, 78, 53], compPrograms: [25, 24, 46], bassPrograms: [32, 42],
        moods: ["tender", "wistful", "gentle", "intimate", "bittersweet"], energy: 0, humanize: 10, reverb: 35...65)

    /// Running eighths in a quick 6/8 over a strummed guitar and a frame-drum pulse.
    static let celticJig = Style(
        id: "celtic_jig", names: ["celtic", "irish jig", "celtic folk"], tempo: 104...128, meter: .sixEight,
        progressions: [Progression(.major, "I | I | IV | V"), Progression(.mixolydian, "I | bVII | I | bVII"),
                       Progression(.dorian, "i | bVII | i | bVII"), Progression(.major, "I | V | IV | V")],
        drums: [DrumGroove([(Dr.lowTom, "X.xX.x"), (Dr.midTom, "..o..o")])], drumChance: 0.7, kits: [.standard, .room],
        comps: [Comp(pattern: "D.uD.u", kind: .strum, voicing: .spread, legato: 0.8), Comp(pattern: "x..x..", legato: 0.5)],
        bass: ["R..5..", "R....."], bassChance: 0.5,
        melody: Melody(rhythms: ["xxxxxx", "x-xx-x", "xxxx-x", "x-xxxx"], stepwise: 0.8, span: 14, legato: 0.85),
        leads: [73, 74, 78, 75, 21], compPrograms: [25, 21, 24], bassPrograms: [32],
        moods: ["lively", "jaunty", "spirited", "rustic", "merry"], energy: 2, humanize: 6, reverb: 25...50)

    /// Harpsichord broken chords, a walking continuo bass, no drums.
    static let baroque = Style(
        id: "baroque", names: ["baroque", "baroque chamber music"], tempo: 72...108,
        progressions: [Progression(.major, "I | IV | V | I"), Progression(.major, "I | vi | ii | V"),
                       Progression(.minor, "i | iv | V | i"), Progression(.major, "I | V | vi | iii | IV | I | IV | V"),
                       Progression(.harmonicMinor, "i | iv | V7 | i")],
        comps: [Comp(pattern: "xxxxxxxxxxxxxxxx", kind: .arpeggio([0, 1, 2, 3, 2, 1]), legato: 0.9),
                Comp(pattern: "x---x---x---x---", legato: 0.9)],
        bass: ["R.3.5.3.R.5.3.5.", "R.5.8.5.R.3.5.A."],
        melody: Melody(rhythms: ["x.x.xxxxx.x.x.x.", "x-x-x-x-xxxxx-x-", "xxxxxxxxx---x---", "x.xxx.xxx---x---"], stepwise: 0.85, span: 14, legato: 0.85),
        leads: [74, 68, 73, 48, 56, 6], compPrograms: [6, 19, 48], bassPrograms: [42, 43, 70], borrowChance: 0.15,
        moods: ["elegant", "stately", "ornate", "graceful", "majestic"], energy: 1, humanize: 4, reverb: 40...70)

    /// Solo piano: a singing right hand over broken-chord left-hand figures.
    static let classicalPiano = Style(
        id: "classical_piano", names: ["classical", "romantic-era piano", "classical piano"], tempo: 60...96,
        progressions: [Progression(.major, "I | vi | IV | V"), Progression(.minor, "i | bVI | iv | V7"),
                       Progression(.major, "I | IV | ii | V7"), Progression(.harmonicMinor, "i | iv | V7 | i")],
        comps: [Comp(pattern: "x.x.x.x.x.x.x.x.", kind: .arpeggio([0, 2, 1, 2]), legato: 1, octave: -12),
                Comp(pattern: "x.x.x.x.x.x.x.x.", kind: .arpeggio([0, 1, 2, 3, 2, 1, 2, 3]), voicing: .spread, legato: 1, octave: -12)],
        bass: [],
        melody: Melody(rhythms: ["x---x-x-x---x---", "x-x-x-x-x-------", "x---x---x-x-x-x-", "x--xx---x-------"], stepwise: 0.75, span: 16, legato: 1),
        leads: [0, 1], compPrograms: [0, 1], bassPrograms: [], borrowChance: 0.1,
        moods: ["expressive", "romantic", "melancholic", "tender", "reflective"], energy: 0, humanize: 12, reverb: 40...70)

    static let chamberStrings = Style(
        id: "chamber_strings", names: ["chamber music", "string chamber music", "classical"], tempo: 56...88,
        progressions: [Progression(.minor, "i | bVI | bIII | bVII"), Progression(.major, "I | iii | IV | V"),
                       Progression(.minor, "i | iv | V | i"), Progression(.major, "I | V | vi | IV")],
        comps: [Comp(pattern: "x-------x-------", voicing: .pad, legato: 1), Comp(pattern: "x---x---x---x---", legato: 0.95)],
        bass: ["R-------5-------", "R---------------"],
        melody: Melody(rhythms: ["x-------x---x---", "x---x---x-------", "x-x-x---x---x---", "x-----x-x-------"], stepwise: 0.8, span: 14, legato: 1),
        leads: [42, 41, 68, 71, 60, 49], compPrograms: [48, 49, 44], bassPrograms: [43, 42],
        moods: ["solemn", "lyrical", "reflective", "serene", "poignant"], energy: 0, humanize: 8, reverb: 45...80)

    /// String ostinato, horn melodies, big toms and a low brass or timpani bass.
    static let cinematic = Style(
        id: "cinematic", names: ["cinematic", "orchestral", "film score"], tempo: 76...120,
        progressions: [Progression(.minor, "i | bVI | bIII | bVII"), Progression(.minor, "i | iv | bVI | V"),
                       Progression(.minor, "i | bVI | iv | V"), Progression(.major, "vi | IV | I | V")],
        drums: [DrumGroove([(Dr.floorTom, "X..x..x.X...x.x."), (Dr.lowTom, "....x.......x..."), (Dr.crash, "x...............")]),
                DrumGroove([(Dr.kick, "x.....x.x......."), (Dr.floorTom, "....X.......X..."), (Dr.midTom, "..x...x...x...x.")])],
        drumChance: 0.7, kits: [.orchestra, .standard],
        comps: [Comp(pattern: "x.x.x.x.x.x.x.x.", legato: 0.5), Comp(pattern: "xxxxxxxxxxxxxxxx", kind: .arpeggio([0, 1, 2, 1]), legato: 0.8)],
        layer: Comp(pattern: "x-------x-------", voicing: .pad, legato: 1), layerPrograms: [61, 60, 48, 52], layerChance: 0.5,
        bass: ["R-------R-------", "R.R.R.R.R.R.R.R."],
        melody: Melody(rhythms: ["x-------x---x---", "x-----x-x-------", "x---x---x---x---"], stepwise: 0.6, span: 14, legato: 1),
        leads: [60, 56, 57, 61, 48, 52], compPrograms: [48, 44, 45], bassPrograms: [43, 58, 47],
        moods: ["epic", "dramatic", "heroic", "tense", "soaring"], energy: 2, humanize: 5, reverb: 50...85)
}
