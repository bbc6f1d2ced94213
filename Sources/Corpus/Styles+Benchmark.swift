/// The ten benchmark genres. The generator's corpus never renders them; the
/// evaluator's corpus and the benchmark recordings do.
private typealias Dr = GeneralMIDI.Drum

extension Styles {
    static let benchmark: [Style] = [bossaNova, reggae, waltz, swing, techno, flamencoRumba, polka, march, dub, gospel]

    /// Nylon guitar syncopations over a cross-stick clave and a bass drum on 1 and the "and" of 2.
    static let bossaNova = Style(
        id: "bossa_nova", names: ["bossa nova", "bossa"], tempo: 120...144,
        progressions: [Progression(.major, "Imaj7 | Imaj7 | II7 | II7 | ii7 | bII7 | Imaj7 | Imaj7"),
                       Progression(.major, "Imaj7 | vi7 | ii7 | V7"),
                       Progression(.major, "ii7 | V7 | Imaj7 | Imaj7"),
                       Progression(.dorian, "i7 | IV7 | i7 | IV7"),
                       Progression(.minor, "i7 | iv7 | bVII7 | bIIImaj7 | bVImaj7 | iim7b5 | V7 | i7")],
        drums: [DrumGroove([(Dr.sideStick, "x..x..x...x..x..|..x..x..x..x...."), (Dr.kick, "x.....x.x.....x."),
                            (Dr.closedHat, "o.o.o.o.o.o.o.o."), (Dr.pedalHat, "....x.......x...")]),
                DrumGroove([(Dr.sideStick, "x..x..x...x..x..|..x..x..x..x...."), (Dr.kick, "x.....x.x.....x."),
                            (Dr.maracas, "xoxoxoxoxoxoxoxo")])],
        kits: [.brush, .jazz, .standard],
        comps: [Comp(pattern: "x..x..x...x..x..|..x..x..x..x....", legato: 0.6),
                Comp(pattern: "x.x..x.x..x..x.x", legato: 0.5)],
        bass: ["R.....R.5.....5.", "R.....5.R.....A."],
        melody: Melody(rhythms: ["x-.x-.x-x-------", "x--x--x-x---....", "..x-x-x-x-.x-x--", "x---x---x--x----"],
                       stepwise: 0.75, span: 12, legato: 0.95),
        leads: [73, 65, 66, 4, 11, 24], compPrograms: [24, 4, 0], bassPrograms: [32, 33, 35],
        moods: ["relaxed", "breezy", "mellow", "romantic", "smooth", "sunny"], energy: 0, humanize: 6, reverb: 35...60)

    /// One drop (kick and rim on beat 3 only), offbeat guitar chops, an organ bubble and a bass that rests on the one.
    static let reggae = Style(
        id: "reggae", names: ["reggae", "roots reggae"], tempo: 64...84, swing: Swing(unit: 0.25, ratio: 0.56),
        progressions: [Progression(.major, "I | IV | I | V"), Progression(.major, "I | V | vi | IV"),
                       Progression(.minor, "i | iv | i | v"), Progression(.dorian, "i7 | IV | i7 | IV")],
        drums: [DrumGroove([(Dr.kick, "........x......."), (Dr.sideStick, "........x......."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "........x......."), (Dr.snare, "........x......."), (Dr.closedHat, "x.xxx.xxx.xxx.xx")]),
                DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.sideStick, "........x......."), (Dr.openHat, "..x...x...x...x.")])],
        kits: [.standard, .room],
        comps: [Comp(pattern: "....x.......x...", legato: 0.25), Comp(pattern: "....x.x.....x.x.", legato: 0.25)],
        layer: Comp(pattern: "..xx..x...xx..x.", legato: 0.35), layerPrograms: [16, 17],
        bass: ["..R.R.5...3.R...", "R-..R.5.8-..5.3.", "..R-..5-R...7.5."],
        melody: Melody(rhythms: ["x.x.x...x.x.x...", "..x.x.x.x-......", "x-..x-x.x.......", "....x.x.x.x.x-.."],
                       stepwise: 0.7, span: 12, legato: 0.8),
        leads: [22, 16, 56, 65, 27, 57], compPrograms: [27, 25, 0], bassPrograms: [33, 35, 34],
        moods: ["laid-back", "relaxed", "sunny", "easygoing", "mellow"], energy: 1, humanize: 7, reverb: 30...60)

    /// 3/4 with the bass on one and the chords on two and three.
    static let waltz = Style(
        id: "waltz", names: ["waltz", "viennese waltz"], tempo: 88...176, meter: .threeFour,
        progressions: [Progression(.major, "I | I | V7 | V7 | V7 | V7 | I | I"), Progression(.major, "I | IV | V7 | I"),
                       Progression(.major, "I | vi | ii | V7"), Progression(.harmonicMinor, "i | iv | V7 | i")],
        drums: [DrumGroove([(Dr.kick, "x..........."), (Dr.openTriangle, "....x...x...")])], drumChance: 0.35,
        kits: [.orchestra, .brush],
        comps: [Comp(pattern: "....x...x...", legato: 0.55), Comp(pattern: "....x-..x-..", legato: 0.8)],
        bass: ["R---........|5---........", "R---........"],
        melody: Melody(rhythms: ["x-------x---", "x---x---x---", "x-----x-x-x-", "x-----------", "x-x-x---x---"],
                       stepwise: 0.65, span: 16, legato: 0.95),
        leads: [73, 71, 0, 21, 68, 48, 41, 60], compPrograms: [0, 48, 21, 46], bassPrograms: [43, 58, 32],
        moods: ["elegant", "graceful", "romantic", "dreamy", "nostalgic", "lilting"], energy: 1, humanize: 10, reverb: 45...75)

    /// Ride cymbal "spang-a-lang", hi-hat on two and four, walking bass, Charleston comping.
    static let swing = Style(
        id: "swing", names: ["swing", "big band swing", "swing jazz"], tempo: 126...200, swing: Swing(unit: 0.5, ratio: 0.65),
        progressions: [Progression(.major, "ii7 | V7 | Imaj7 | VI7"), Progression(.major, "Imaj7 VI7 | ii7 V7 | iii7 VI7 | ii7 V7"),
                       Progression(.major, "I7 | IV7 | I7 | I7 | IV7 | IV7 | I7 | VI7 | ii7 | V7 | I7 | V7"),
                       Progression(.minor, "iim7b5 | V7 | i6 | i6")],
        drums: [DrumGroove([(Dr.ride, "x.xxx.xx"), (Dr.pedalHat, "..x...x."), (Dr.kick, "o.o.o.o."), (Dr.snare, "......o.")]),
                DrumGroove([(Dr.ride, "x.xxx.xx"), (Dr.pedalHat, "..x...x."), (Dr.snare, "...o...o|.o.....o")])],
        kits: [.jazz, .brush, .standard],
        comps: [Comp(pattern: "x..x....", voicing: .shell, legato: 0.5), Comp(pattern: "x.x.x.x.", voicing: .shell, legato: 0.4),
                Comp(pattern: "x.....x.|..x.....", legato: 0.5)],
        layer: Comp(pattern: "x..x.x..", legato: 0.5), layerPrograms: [61, 57], layerChance: 0.35,
        bass: ["W.W.W.W.", "R.W.W.A."],
        melody: Melody(rhythms: ["x.xxx.x.", "xxxx-.x.", ".xx.x.xx", "x---.xxx", "x.x.x-x-"], stepwise: 0.7, span: 15, legato: 0.85),
        leads: [56, 66, 65, 71, 57, 11, 0], compPrograms: [0, 26], bassPrograms: [32],
        moods: ["lively", "playful", "exuberant", "sophisticated", "bouncy"], energy: 2, humanize: 8, reverb: 30...55)

    /// Four on the floor, offbeat hats, machine-tight, minor and static, short synth stabs.
    static let techno = Style(
        id: "techno", names: ["techno", "minimal techno"], tempo: 124...138,
        progressions: [Progression(.minor, "i | i | i | i"), Progression(.minor, "i | i | bVI | bVII"),
                       Progression(.phrygian, "i | i | bII | i")],
        drums: [DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.closedHat, "..x...x...x...x."), (Dr.clap, "....x.......x...")]),
                DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.closedHat, "xoxoxoxoxoxoxoxo"), (Dr.openHat, "..x...x...x...x.")]),
                DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.closedHat, "oxoxoxoxoxoxoxox"), (Dr.clap, "............x..."),
                            (Dr.lowTom, "..x.....x.x.....")])],
        fill: DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.snare, "....x.x.xxxxxxxx")]),
        kits: [.tr808, .electronic],
        comps: [Comp(pattern: "..x..x....x..x..", legato: 0.3), Comp(pattern: "x..x..x..x..x..x", legato: 0.25),
                Comp(pattern: "xxxxxxxxxxxxxxxx", kind: .arpeggio([0, 1, 2, 1]), legato: 0.5)],
        bass: ["..R...R...R...R.", "R.R.8.R.R.R.8.R.", "R..R..R..R..R.R."],
        melody: Melody(rhythms: ["x..x..x..x..x...", "x.x.x.x.x.x.x.x.", "x-..x-..x-..x-.."], stepwise: 0.5, span: 10,
                       legato: 0.6, lateEntry: 0.4),
        leads: [81, 80, 87, 84, 98], compPrograms: [90, 81, 89, 95], bassPrograms: [38, 39, 87],
        moods: ["hypnotic", "dark", "driving", "relentless", "pulsing", "mechanical"], energy: 2, humanize: 0, reverb: 20...50)

    /// Strummed nylon guitar, the Andalusian cadence, palmas and cajón.
    static let flamencoRumba = Style(
        id: "flamenco_rumba", names: ["flamenco rumba", "rumba flamenca", "flamenco"], tempo: 96...128,
        progressions: [Progression(.minor, "i | bVII | bVI | V"), Progression(.phrygianDominant, "I | bII | I | bII"),
                       Progression(.minor, "i | i | bVII | bVI V"), Progression(.harmonicMinor, "i | iv | V | i")],
        drums: [DrumGroove([(Dr.kick, "x.....x...x....."), (Dr.snare, "....o.......x..."), (Dr.clap, "..x.x..x..x.x..x")]),
                DrumGroove([(Dr.kick, "x..x..x...x....."), (Dr.clap, "....x.......x..."), (Dr.snare, "..o...o...o...o.")])],
        kits: [.standard, .room],
        comps: [Comp(pattern: "D..dU.udD..dU.ud", kind: .strum, voicing: .spread, legato: 0.7),
                Comp(pattern: "D.ud.udud.udD.u.", kind: .strum, voicing: .spread, legato: 0.6)],
        bass: ["R.....5.R.....5.", "R..R..5.R..R..5."],
        melody: Melody(rhythms: ["xxxx-...x.x.x-..", "x.xx.xx.x-------", "..x.x.xxx-x-x-..", "xxxxxxxx-...x-.."],
                       stepwise: 0.85, span: 12, legato: 0.85),
        leads: [24, 56, 73, 53, 66], compPrograms: [24, 25], bassPrograms: [32, 33],
        moods: ["passionate", "fiery", "festive", "lively", "spirited"], energy: 2, humanize: 7, reverb: 25...50)

    /// 2/4 with bass on the beats and chords on the offbeats, accordion and tuba.
    static let polka = Style(
        id: "polka", names: ["polka"], tempo: 112...144, meter: .twoFour,
        progressions: [Progression(.major, "I | I | V7 | V7 | V7 | V7 | I | I"), Progression(.major, "I | IV | V7 | I"),
                       Progression(.major, "I | I | IV | IV | V7 | V7 | I | I")],
        drums: [DrumGroove([(Dr.kick, "x...x..."), (Dr.snare, "..x...x.")]),
                DrumGroove([(Dr.kick, "x...x..."), (Dr.closedHat, "..x...x."), (Dr.snare, "..x...x.")])],
        fill: DrumGroove([(Dr.kick, "x...x..."), (Dr.snare, "x.x.xxxx")]),
        kits: [.standard, .room],
        comps: [Comp(pattern: "..x...x.", legato: 0.45), Comp(pattern: "..x.x.x.", legato: 0.4)],
        bass: ["R...5...", "R...5...|R...3..."],
        melody: Melody(rhythms: ["x.x.x.x.", "xxxxx.x.", "x.xxx.x.", "x---x.x.", "xxx.x..."], stepwise: 0.6, span: 14, legato: 0.7),
        leads: [21, 71, 56, 72, 73], compPrograms: [21, 0, 61], bassPrograms: [58, 32],
        moods: ["cheerful", "bouncy", "festive", "happy", "jolly"], energy: 2, humanize: 6, reverb: 20...45)

    /// Snare rudiments, bass drum on one and three, tuba and horn afterbeats, fanfare melodies.
    static let march = Style(
        id: "march", names: ["march", "military march", "marching band"], tempo: 108...126,
        progressions: [Progression(.major, "I | I | V7 | I"), Progression(.major, "I | IV | I V7 | I"),
                       Progression(.major, "I | vi | ii | V7"), Progression(.major, "I | V7 | V7 | I")],
        drums: [DrumGroove([(Dr.snare, "x.xxx.x.x.xxx.x."), (Dr.kick, "x.......x......."), (Dr.crash, "o.......o.......")]),
                DrumGroove([(Dr.snare, "X..xx.x.X..xx.x."), (Dr.kick, "x...x...x...x...")])],
        fill: DrumGroove([(Dr.snare, "xxxxxxxxX.x.X..."), (Dr.kick, "x.......x.......")]),
        kits: [.orchestra, .standard],
        comps: [Comp(pattern: "....x.......x...", legato: 0.4), Comp(pattern: "..x...x...x...x.", legato: 0.35)],
        bass: ["R.......5.......", "R...5...R...5..."],
        melody: Melody(rhythms: ["X--.x.x.x---x---", "x.xxx---x.xxx---", "x---x---x-x-x---", "x--xx--xx---x---"],
                       stepwise: 0.55, span: 14, legato: 0.75),
        leads: [56, 72, 73, 71, 57, 60], compPrograms: [61, 60, 57], bassPrograms: [58],
        moods: ["proud", "triumphant", "stirring", "bold", "confident"], energy: 2, humanize: 5, reverb: 30...60)

    /// Reggae stripped to drums and bass, a deep reverb and the lead echoing away.
    static let dub = Style(
        id: "dub", names: ["dub", "dub reggae"], tempo: 62...80, swing: Swing(unit: 0.25, ratio: 0.55),
        progressions: [Progression(.minor, "i | i | i | bVII"), Progression(.minor, "i | iv | i | iv"),
                       Progression(.dorian, "i7 | i7 | IV | IV")],
        drums: [DrumGroove([(Dr.kick, "........x......."), (Dr.sideStick, "........x......."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "x.......x......."), (Dr.snare, "........x......."), (Dr.closedHat, "..x...x...x...x.")])],
        kits: [.standard, .room],
        comps: [Comp(pattern: "....x...........", legato: 0.25), Comp(pattern: "....x.......x...", legato: 0.2)],
        bass: ["R-..R...5-..R...", "R---..5.R-..8-5."],
        melody: Melody(rhythms: ["x-..............", "x-.x-...........", "........x-..x..."], stepwise: 0.6, span: 10,
                       legato: 0.8, lateEntry: 0.4),
        leads: [22, 16, 57, 56, 81], compPrograms: [27, 16, 0], bassPrograms: [33, 38, 35],
        moods: ["hazy", "spacious", "deep", "hypnotic", "murky"], energy: 0, humanize: 6, reverb: 80...115, echo: true)

    /// Slow 12/8, triplet piano, sustained organ or choir, handclaps on two and four.
    static let gospel = Style(
        id: "gospel", names: ["gospel"], tempo: 60...84, meter: .twelveEight,
        progressions: [Progression(.major, "I | IV | I | V7"), Progression(.major, "I | I7 | IV | iv"),
                       Progression(.major, "I | vi7 | ii7 | V7"), Progression(.major, "IV | V | iii7 vi7 | ii7 V7")],
        drums: [DrumGroove([(Dr.kick, "x.....x....."), (Dr.snare, "...x.....x.."), (Dr.closedHat, "xoxxoxxoxxox"), (Dr.clap, "...x.....x..")]),
                DrumGroove([(Dr.kick, "x..x..x....."), (Dr.snare, "...x.....x.."), (Dr.ride, "x.xx.xx.xx.x")])],
        kits: [.standard, .room],
        comps: [Comp(pattern: "X.xX.xX.xX.x", legato: 0.7), Comp(pattern: "x--x--x--x--", legato: 0.9)],
        layer: Comp(pattern: "x-----------", voicing: .pad, legato: 1), layerPrograms: [16, 19, 52], layerChance: 0.7,
        bass: ["R.....5.....|R.....5..A..", "R..R..5..5.."],
        melody: Melody(rhythms: ["x--x--x-----", "x-xx--x--x--", "x-----x-xx--", "x--x-xx-----"], stepwise: 0.7, span: 14, legato: 0.95),
        leads: [53, 0, 19, 16, 66, 52], compPrograms: [0, 16, 19], bassPrograms: [33, 32],
        moods: ["uplifting", "soulful", "joyful", "heartfelt", "rousing"], energy: 1, humanize: 8, reverb: 40...70)
}
