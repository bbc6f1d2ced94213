/// Generator styles played by a band: rock, pop, blues, funk, disco, country,
/// punk, metal, soul, jazz ballad, salsa, tango, afrobeat.
private typealias Dr = GeneralMIDI.Drum

extension Styles {
    static let band: [Style] = [rock, pop, blues, funk, disco, country, punk, metal, soul, jazzBallad, salsa, tango, afrobeat]

    static let rock = Style(
        id: "rock", names: ["rock", "classic rock", "guitar rock"], tempo: 100...140,
        progressions: [Progression(.major, "I | V | vi | IV"), Progression(.mixolydian, "I | bVII | IV | I"),
                       Progression(.minor, "i | bVI | bIII | bVII"), Progression(.major, "I | IV | I | V")],
        drums: [DrumGroove([(Dr.kick, "x.......x.x....."), (Dr.snare, "....x.......x..."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "x..x....x.x....."), (Dr.snare, "....x.......x..."), (Dr.ride, "x.x.x.x.x.x.x.x.")])],
        kits: [.standard, .power, .room],
        comps: [Comp(pattern: "x.x.x.x.x.x.x.x.", voicing: .power, legato: 0.8),
                Comp(pattern: "D.d.D.d.D.d.D.d.", kind: .strum, voicing: .spread, legato: 0.9),
                Comp(pattern: "x-------x-------", voicing: .power, legato: 0.95)],
        bass: ["R.R.R.R.R.R.R.R.", "R...R...R.R.R..."],
        melody: Melody(rhythms: ["x.x.x.x-x-......", "x---x---x-x-x---", "..x.x.x.x---x...", "x-x-x-x-x-------"], stepwise: 0.65, span: 12),
        leads: [29, 30, 18, 27], compPrograms: [29, 30, 27], bassPrograms: [34, 33],
        moods: ["energetic", "driving", "gritty", "bold", "anthemic"], energy: 2, humanize: 6, reverb: 20...40)

    static let pop = Style(
        id: "pop", names: ["pop", "mainstream pop"], tempo: 92...124,
        progressions: [Progression(.major, "I | V | vi | IV"), Progression(.major, "vi | IV | I | V"),
                       Progression(.major, "I | vi | IV | V"), Progression(.major, "IV | I | V | vi")],
        drums: [DrumGroove([(Dr.kick, "x.....x.x......."), (Dr.clap, "....x.......x..."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "x.......x..x...."), (Dr.snare, "....x.......x..."), (Dr.closedHat, "xoxoxoxoxoxoxoxo"),
                            (Dr.tambourine, "....x.......x...")])],
        kits: [.standard, .electronic],
        comps: [Comp(pattern: "x..x..x.x..x..x.", legato: 0.8), Comp(pattern: "x-------x-------", voicing: .pad, legato: 1),
                Comp(pattern: "x.x.x.x.x.x.x.x.", kind: .arpeggio([0, 1, 2, 3]), legato: 0.9)],
        bass: ["R..R..R.R..R..R.", "R.......R...5..."],
        melody: Melody(rhythms: ["x.x.x.x.x-x-x---", "..x.x.x.x---....", "x-x-x-x-x-x-x---", "....x.x.x.x.x-x-"], stepwise: 0.75, span: 12),
        leads: [0, 4, 81, 80, 85, 27, 73], compPrograms: [0, 4, 89, 25, 90], bassPrograms: [33, 38],
        moods: ["bright", "catchy", "upbeat", "cheerful", "feel-good"], energy: 1, humanize: 4)

    /// A twelve-bar shuffle in 12/8 with a walking boogie bass and the blues scale on top.
    static let blues = Style(
        id: "blues", names: ["blues", "electric blues", "blues shuffle"], tempo: 66...110, meter: .twelveEight,
        progressions: [Progression(.major, "I7 | IV7 | I7 | I7 | IV7 | IV7 | I7 | I7 | V7 | IV7 | I7 | V7", melody: .blues),
                       Progression(.major, "I7 | I7 | IV7 | I7", melody: .blues),
                       Progression(.minor, "i7 | iv7 | i7 | V7", melody: .blues)],
        drums: [DrumGroove([(Dr.kick, "x.....x....."), (Dr.snare, "...x.....x.."), (Dr.closedHat, "x.xx.xx.xx.x")]),
                DrumGroove([(Dr.kick, "x..x..x..x.."), (Dr.snare, "...x.....x.."), (Dr.ride, "x.xx.xx.xx.x")])],
        kits: [.standard, .room, .jazz],
        comps: [Comp(pattern: "x.xx.xx.xx.x", voicing: .shell, legato: 0.5), Comp(pattern: "x-----x-----", legato: 0.9)],
        bass: ["R..3..5..6..|8..6..5..3..", "R..R..5..6.."],
        melody: Melody(rhythms: ["x.xx.xx-----", "..xx.xx.x---", "x-----x.xx.x", "x--x--x-----"], stepwise: 0.6, span: 12),
        leads: [22, 29, 27, 0, 66, 16], compPrograms: [0, 16, 27, 3], bassPrograms: [33, 32],
        moods: ["gritty", "soulful", "bluesy", "weary", "raw"], energy: 1, humanize: 9)

    static let funk = Style(
        id: "funk", names: ["funk", "funk groove"], tempo: 92...116, swing: Swing(unit: 0.25, ratio: 0.54),
        progressions: [Progression(.dorian, "i7 | i7 | IV7 | i7"), Progression(.mixolydian, "I7 | I7 | I7 | IV7"),
                       Progression(.dorian, "i7 | IV7 | i7 | IV7"), Progression(.mixolydian, "I9 | I9 | IV9 | IV9")],
        drums: [DrumGroove([(Dr.kick, "x..x..x...x.x..."), (Dr.snare, "....x..o.o..x..o"), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "x.x...x..x......"), (Dr.snare, "....x..o..o.x.o."), (Dr.closedHat, "xoxoxoxoxoxoxoxo")])],
        kits: [.standard, .room],
        comps: [Comp(pattern: "..x.x..x.x..x.x.", legato: 0.25), Comp(pattern: "x.xx.x.xx.xx.x.x", legato: 0.2)],
        layer: Comp(pattern: "....x.......x.x.", legato: 0.3), layerPrograms: [61], layerChance: 0.4,
        bass: ["R..8..R.5.R.8.7.", "R.R..R.8.R..5.7.", "R...R.8..R.5.R.."],
        melody: Melody(rhythms: ["x.xx..x.x.xx....", "..x.x.xx..x.x...", "x..x..x.x-......", ".x.x.xx..x.x.x.."], stepwise: 0.6, span: 12, legato: 0.6),
        leads: [61, 65, 56, 7, 81, 66], compPrograms: [7, 28, 27, 4], bassPrograms: [36, 37, 33],
        moods: ["groovy", "funky", "tight", "punchy", "energetic"], energy: 2, humanize: 5)

    static let disco = Style(
        id: "disco", names: ["disco"], tempo: 112...128,
        progressions: [Progression(.minor, "i7 | iv7 | i7 | iv7"), Progression(.major, "ii7 | V7 | Imaj7 | vi7"),
                       Progression(.major, "vi | ii | V | I"), Progression(.dorian, "i7 | IV7 | i7 | IV7")],
        drums: [DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.snare, "....x.......x..."), (Dr.openHat, "..x...x...x...x."),
                            (Dr.closedHat, "x...x...x...x...")]),
                DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.clap, "....x.......x..."), (Dr.closedHat, "xoxoxoxoxoxoxoxo"),
                            (Dr.tambourine, "..x...x...x...x.")])],
        kits: [.standard, .electronic],
        comps: [Comp(pattern: "..x...x...x...x.", legato: 0.3), Comp(pattern: "x-..x-..x-..x-..", legato: 0.6)],
        layer: Comp(pattern: "x---------------", voicing: .pad, legato: 1), layerPrograms: [48, 49, 50],
        bass: ["R.8.R.8.R.8.R.8.", "R.8.R.8.5.8.R.8."],
        melody: Melody(rhythms: ["x.x.x.x.x---....", "....x.x.x.x.x---", "x-x-x-x-x-x-....", "x---x---x-x-x-x-"], stepwise: 0.7, span: 12),
        leads: [48, 50, 61, 73, 4, 81], compPrograms: [28, 27, 4, 0], bassPrograms: [33, 38],
        moods: ["danceable", "glittering", "joyful", "euphoric", "groovy"], energy: 2, humanize: 3)

    static let country = Style(
        id: "country", names: ["country", "country and western"], tempo: 100...132,
        progressions: [Progression(.major, "I | IV | I | V"), Progression(.major, "I | I | IV | V7"),
                       Progression(.major, "I | V | IV | I"), Progression(.major, "I | IV | V | I")],
        drums: [DrumGroove([(Dr.kick, "x.......x......."), (Dr.snare, "....x.......x..."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.snare, "o.X.o.X.o.X.o.X.")])],
        kits: [.standard, .brush, .room],
        comps: [Comp(pattern: "D...d.u.D...d.u.", kind: .strum, voicing: .spread, legato: 0.9),
                Comp(pattern: "....x.......x...", kind: .strum, voicing: .spread, legato: 0.4)],
        bass: ["R.......5.......", "R...5...R...5...", "R.......5...A..."],
        melody: Melody(rhythms: ["x.x.x-x-x---....", "x.x.x.x.x---x---", "..x.x.x-x-x-x---", "x---x.x.x-------"], stepwise: 0.75, span: 12),
        leads: [22, 27, 25, 3, 26], compPrograms: [25, 27, 3], bassPrograms: [33, 32],
        moods: ["warm", "homey", "easygoing", "heartfelt", "sunny"], energy: 1, humanize: 8)

    static let punk = Style(
        id: "punk", names: ["punk", "punk rock"], tempo: 160...200,
        progressions: [Progression(.major, "I | IV | V | IV"), Progression(.major, "I | V | vi | IV"),
                       Progression(.major, "I | IV | I | V"), Progression(.minor, "i | bVI | bIII | bVII")],
        drums: [DrumGroove([(Dr.kick, "x.x...x.x.x....."), (Dr.snare, "....x.......x..."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.snare, "..x...x...x...x."), (Dr.ride, "x.x.x.x.x.x.x.x.")])],
        kits: [.standard, .power],
        comps: [Comp(pattern: "x.x.x.x.x.x.x.x.", voicing: .power, legato: 0.8), Comp(pattern: "x-------x-------", voicing: .power, legato: 1)],
        bass: ["R.R.R.R.R.R.R.R."],
        melody: Melody(rhythms: ["x-x-x-x-x-------", "x---x---x---x---", "x-x-x---x-x-x---"], stepwise: 0.7, span: 10),
        leads: [29, 30, 18], compPrograms: [29, 30], bassPrograms: [34], borrowChance: 0.1,
        moods: ["raw", "energetic", "fast", "loud", "defiant"], energy: 2, humanize: 5, reverb: 15...30)

    static let metal = Style(
        id: "metal", names: ["metal", "heavy metal"], tempo: 132...176,
        progressions: [Progression(.phrygian, "i | bII | i | bVII"), Progression(.minor, "i | bVI | bVII | i"),
                       Progression(.minor, "i | i | bVI | bVII"), Progression(.phrygian, "i | i | bII | bII")],
        drums: [DrumGroove([(Dr.kick, "x.x.x.x.x.x.x.x."), (Dr.snare, "....x.......x..."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "xxxxxxxxxxxxxxxx"), (Dr.snare, "....x.......x..."), (Dr.ride, "x.x.x.x.x.x.x.x.")])],
        kits: [.power, .standard],
        comps: [Comp(pattern: "xxxxx.xxx.xxxxx.", voicing: .power, legato: 0.5), Comp(pattern: "x.x.x.x.x.x.x.x.", voicing: .power, legato: 0.6),
                Comp(pattern: "x-------x-------", voicing: .power, legato: 1)],
        bass: ["RRRRR.RRR.RRRRR.", "R.R.R.R.R.R.R.R."],
        melody: Melody(rhythms: ["x-x-x-x-xxxx----", "x---x---x-x-x-x-", "xxxxxxxxx-------"], stepwise: 0.7, span: 12),
        leads: [30, 29], compPrograms: [30, 29], bassPrograms: [34, 33], borrowChance: 0.1,
        moods: ["aggressive", "heavy", "dark", "intense", "menacing"], energy: 2, humanize: 3, reverb: 15...35)

    static let soul = Style(
        id: "soul", names: ["soul", "r&b", "neo-soul"], tempo: 64...84, swing: Swing(unit: 0.25, ratio: 0.56),
        progressions: [Progression(.major, "Imaj7 | iii7 | vi7 | IVmaj7"), Progression(.major, "ii7 | V7 | iii7 | vi7"),
                       Progression(.major, "IVmaj7 | iii7 | ii7 | Imaj7"), Progression(.minor, "i7 | iv7 | bVII7 | bIIImaj7")],
        drums: [DrumGroove([(Dr.kick, "x......x..x....."), (Dr.snare, "....x.......x..."), (Dr.closedHat, "x.xxx.xxx.xxx.xx")]),
                DrumGroove([(Dr.kick, "x.....x...x....."), (Dr.sideStick, "....x.......x..."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")])],
        kits: [.standard, .room],
        comps: [Comp(pattern: "x-------x-------", legato: 0.95), Comp(pattern: "x--x--x-x--x--x-", legato: 0.8)],
        layer: Comp(pattern: "x---------------", voicing: .pad, legato: 1), layerPrograms: [48, 49], layerChance: 0.5,
        bass: ["R-....R.5-......", "R--.R...5--.3..."],
        melody: Melody(rhythms: ["x-x-x---x-......", "..x.x.x-x---....", "x---x.x.x-------", "x-x.x.x-x-x-x---"], stepwise: 0.75, span: 12),
        leads: [65, 66, 53, 54, 4, 73], compPrograms: [4, 5, 0], bassPrograms: [33, 35],
        moods: ["smooth", "tender", "romantic", "soulful", "warm"], energy: 0, humanize: 8)

    /// Slow and nearly straight, brushes and a two-feel bass: a ballad, kept apart from uptempo swing.
    static let jazzBallad = Style(
        id: "jazz_ballad", names: ["jazz ballad", "jazz", "cool jazz"], tempo: 56...78, swing: Swing(unit: 0.5, ratio: 0.58),
        progressions: [Progression(.major, "Imaj7 | vi7 | ii7 | V7"), Progression(.major, "iii7 | VI7 | ii7 | V7"),
                       Progression(.major, "ii7 | V7 | Imaj7 | IVmaj7"), Progression(.minor, "iim7b5 | V7 | i6 | i6")],
        drums: [DrumGroove([(Dr.snare, "o.o.o.o.o.o.o.o."), (Dr.pedalHat, "....x.......x..."), (Dr.kick, "x...............")])],
        drumChance: 0.8, kits: [.brush, .jazz],
        comps: [Comp(pattern: "x-------x-------", voicing: .shell, legato: 0.9), Comp(pattern: "x-----x-x-------", legato: 0.85)],
        bass: ["R.......5.......", "R.......A......."],
        melody: Melody(rhythms: ["x---x-x-x-------", "x-x-x---x---....", "..x.x-x-x-------", "x-------x-x-x-x-"], stepwise: 0.7, span: 14, legato: 1),
        leads: [66, 59, 0, 11, 71, 65], compPrograms: [0, 26], bassPrograms: [32],
        moods: ["intimate", "smoky", "mellow", "late-night", "wistful"], energy: 0, humanize: 10, reverb: 40...65)

    /// Son clave 3-2, cowbell, conga tumbao, a piano montuno and the anticipated bass.
    static let salsa = Style(
        id: "salsa", names: ["salsa", "latin dance"], tempo: 160...200,
        progressions: [Progression(.major, "I | IV | V7 | IV"), Progression(.minor, "i | iv | V7 | i"),
                       Progression(.major, "ii7 | V7 | ii7 | V7"), Progression(.minor, "i | bVII | bVI | V7")],
        drums: [DrumGroove([(Dr.claves, "x.....x.....x...|....x...x......."), (Dr.cowbell, "x...x...x...x..."),
                            (Dr.muteConga, "....x..........."), (Dr.openConga, "............x.x.")]),
                DrumGroove([(Dr.claves, "x.....x.....x...|....x...x......."), (Dr.cowbell, "x.x.x.x.x.x.x.x."),
                            (Dr.lowConga, "......x.......x."), (Dr.openConga, "............x.x.")])],
        kits: [.standard],
        comps: [Comp(pattern: "x.xx.x.x.x.xx.x.", kind: .arpeggio([0, 2, 1, 2]), legato: 0.5),
                Comp(pattern: "x..x..x...x.x...", legato: 0.4)],
        layer: Comp(pattern: "x..x..x.....x...", legato: 0.5), layerPrograms: [61, 57, 56], layerChance: 0.4,
        bass: ["......R-....5---", "......5-....R---"],
        melody: Melody(rhythms: ["x.x.x-x.x.x-....", "x-x-x.x.x-......", "..x.x.x-x.x-x-..", "x.xx.xx.x-......"], stepwise: 0.7, span: 12),
        leads: [56, 57, 73, 0, 65], compPrograms: [0], bassPrograms: [33, 32],
        moods: ["fiery", "festive", "danceable", "exuberant", "hot"], energy: 2, humanize: 5)

    /// Marcato chords on every beat or the 3-3-2 syncopa, bandoneon, no drums.
    static let tango = Style(
        id: "tango", names: ["tango", "argentine tango"], tempo: 112...128,
        progressions: [Progression(.harmonicMinor, "i | iv | V7 | i"), Progression(.minor, "i | bVI | V7 | i"),
                       Progression(.harmonicMinor, "i | V7 | V7 | i"), Progression(.minor, "iv | i | V7 | i")],
        comps: [Comp(pattern: "X...x...X...x...", legato: 0.35), Comp(pattern: "X..x..x.X..x..x.", legato: 0.3)],
        bass: ["R...5...R...5...", "R.......5.......", "R..R..5.R..R..5."],
        melody: Melody(rhythms: ["x---x-x-x---x---", "x.x.x.x.x---x---", "xxxx-.x.x-------", "x--x--x-x-------"], stepwise: 0.7, span: 14, legato: 0.8),
        leads: [23, 41, 42, 71, 0], compPrograms: [23, 0, 48], bassPrograms: [43, 32],
        moods: ["dramatic", "passionate", "sultry", "tense", "brooding"], energy: 1, humanize: 9)

    static let afrobeat = Style(
        id: "afrobeat", names: ["afrobeat"], tempo: 100...120,
        progressions: [Progression(.dorian, "i7 | i7 | i7 | IV7"), Progression(.dorian, "i7 | IV7 | i7 | IV7"),
                       Progression(.minor, "i7 | i7 | iv7 | iv7"), Progression(.mixolydian, "I7 | bVII | I7 | bVII")],
        drums: [DrumGroove([(Dr.kick, "x.....x...x....."), (Dr.snare, "....x..o.o..x..o"), (Dr.closedHat, "x.xxx.xxx.xxx.xx"),
                            (Dr.maracas, "xoxoxoxoxoxoxoxo"), (Dr.cowbell, "x.x.xx.x.x.xx.x.")]),
                DrumGroove([(Dr.kick, "x..x..x...x..x.."), (Dr.sideStick, "....x.......x..."), (Dr.closedHat, "x.x.x.x.x.x.x.x."),
                            (Dr.lowConga, "..x...x...xx..x."), (Dr.highAgogo, "x.x..x.x.x..x.x.")])],
        kits: [.standard, .room],
        comps: [Comp(pattern: "x..x.x..x..x.x..", kind: .arpeggio([0, 2, 1, 3]), legato: 0.4),
                Comp(pattern: "..x.x..x..x.x..x", legato: 0.3)],
        layer: Comp(pattern: "x.x.....x.x.....", legato: 0.5), layerPrograms: [61, 66, 67], layerChance: 0.5,
        bass: ["R..R.8..5.R..7..", "R...R.5..R..8.7."],
        melody: Melody(rhythms: ["x.x.x.x.x.x.....", "..x.xx.x..x.x...", "x-..x-..x.x.x-.."], stepwise: 0.65, span: 12, legato: 0.7),
        leads: [61, 66, 56, 67, 16], compPrograms: [27, 28, 16], bassPrograms: [33],
        moods: ["hypnotic", "groovy", "joyous", "percussive", "vibrant"], energy: 2, humanize: 6)
}
