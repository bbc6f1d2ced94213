/// Generator styles made with machines: house, hip hop, lo-fi, synthwave,
/// drum and bass, trap, chiptune, ambient.
private typealias Dr = GeneralMIDI.Drum

extension Styles {
    static let electronic: [Style] = [house, hipHop, lofi, synthwave, drumAndBass, trap, chiptune, ambient]

    /// Four on the floor like techno, but warm: seventh-chord piano stabs, claps, offbeat open hats.
    static let house = Style(
        id: "house", names: ["house", "deep house"], tempo: 118...126,
        progressions: [Progression(.minor, "i7 | iv7 | bVII7 | bIIImaj7"), Progression(.major, "vi7 | ii7 | V7 | Imaj7"),
                       Progression(.major, "IVmaj7 | V | iii7 | vi7"), Progression(.dorian, "i7 | i7 | IV7 | IV7")],
        drums: [DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.clap, "....x.......x..."), (Dr.openHat, "..x...x...x...x."),
                            (Dr.maracas, "xoxoxoxoxoxoxoxo")]),
                DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.snare, "....x.......x..."), (Dr.openHat, "..x...x...x...x.")])],
        kits: [.electronic, .tr808],
        comps: [Comp(pattern: "x..x..x...x..x..", legato: 0.35), Comp(pattern: "..x..x..x..x..x.", legato: 0.3),
                Comp(pattern: "x.........x.....", legato: 0.5)],
        layer: Comp(pattern: "x---------------", voicing: .pad, legato: 1), layerPrograms: [89, 90, 48], layerChance: 0.4,
        bass: ["..R...R...R...R.", "R..R..R.R..R..R.", "..R..8..R...5.R."],
        melody: Melody(rhythms: ["x..x..x...x..x..", "x.x.x.x.x-......", "..x.x.x...x.x-.."], stepwise: 0.65, span: 12, legato: 0.7),
        leads: [0, 81, 85, 54, 4], compPrograms: [0, 4, 90], bassPrograms: [38, 39, 33],
        moods: ["uplifting", "euphoric", "danceable", "soulful", "warm"], energy: 2, humanize: 0, reverb: 25...50)

    static let hipHop = Style(
        id: "hip_hop", names: ["hip hop", "boom bap", "hip-hop"], tempo: 82...96, swing: Swing(unit: 0.25, ratio: 0.6),
        progressions: [Progression(.minor, "i7 | i7 | iv7 | iv7"), Progression(.dorian, "i7 | IV7 | i7 | IV7"),
                       Progression(.major, "Imaj7 | vi7 | ii7 | V7"), Progression(.minor, "i7 | bVImaj7 | i7 | bVImaj7")],
        drums: [DrumGroove([(Dr.kick, "x.....x..x......"), (Dr.snare, "....x.......x..."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "x..x......x..x.."), (Dr.snare, "....x.......x..."), (Dr.closedHat, "x.xxx.x.x.xxx.x.")])],
        kits: [.standard, .room, .tr808],
        comps: [Comp(pattern: "x-------x-------", legato: 0.9), Comp(pattern: "x-.....x-.......", legato: 0.8)],
        bass: ["R-.....R..R-....", "R-....5.R-......"],
        melody: Melody(rhythms: ["x-..x-......x...", "x.x.x...x.x.....", "....x-x-x-......"], stepwise: 0.65, span: 10, legato: 0.8),
        leads: [11, 73, 4, 48, 59, 0], compPrograms: [4, 0, 26, 48], bassPrograms: [33, 38, 32],
        moods: ["laid-back", "head-nodding", "gritty", "moody", "confident"], energy: 1, humanize: 8)

    static let lofi = Style(
        id: "lofi", names: ["lo-fi hip hop", "lo-fi", "chillhop"], tempo: 68...88, swing: Swing(unit: 0.25, ratio: 0.6),
        progressions: [Progression(.major, "ii7 | V7 | Imaj7 | vi7"), Progression(.major, "Imaj7 | iii7 | vi7 | IVmaj7"),
                       Progression(.minor, "i7 | iv7 | bVII7 | bIIImaj7"), Progression(.major, "IVmaj7 | iii7 | ii7 | Imaj7")],
        drums: [DrumGroove([(Dr.kick, "x......x..x....."), (Dr.snare, "....x.......x..."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "x.....x...x....."), (Dr.sideStick, "....x.......x..."), (Dr.closedHat, "o.x.o.x.o.x.o.x.")])],
        kits: [.room, .jazz, .brush],
        comps: [Comp(pattern: "x-------x-------", legato: 0.95), Comp(pattern: "x--.....x--.x...", legato: 0.8),
                Comp(pattern: "x.x.x.x.x.x.x.x.", kind: .arpeggio([0, 1, 2, 3, 2, 1]), legato: 0.9)],
        bass: ["R-......R-..5...", "R---....5---...."],
        melody: Melody(rhythms: ["x-..x-..........", "..x.x.x-........", "x---x---x-------", "....x.x.x---...."], stepwise: 0.7, span: 10, legato: 0.9),
        leads: [11, 10, 4, 8, 73, 26], compPrograms: [4, 5, 0, 26], bassPrograms: [32, 33],
        moods: ["chill", "mellow", "nostalgic", "cozy", "relaxed", "dreamy"], energy: 0, humanize: 12)

    static let synthwave = Style(
        id: "synthwave", names: ["synthwave", "retrowave", "80s synth-pop"], tempo: 84...112,
        progressions: [Progression(.minor, "i | bVI | bIII | bVII"), Progression(.major, "vi | IV | I | V"),
                       Progression(.minor, "i | bVII | bVI | bVII"), Progression(.minor, "i | iv | bVI | bVII")],
        drums: [DrumGroove([(Dr.kick, "x.......x......."), (Dr.snare, "....X.......X..."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "x...x...x...x..."), (Dr.snare, "....X.......X..."), (Dr.closedHat, "xoxoxoxoxoxoxoxo")])],
        kits: [.electronic, .tr808, .power],
        comps: [Comp(pattern: "x-------x-------", voicing: .pad, legato: 1),
                Comp(pattern: "x.x.x.x.x.x.x.x.", kind: .arpeggio([0, 1, 2, 3]), legato: 0.7)],
        bass: ["R.R.R.R.R.R.R.R.", "R8R8R8R8R8R8R8R8"],
        melody: Melody(rhythms: ["x---x---x-x-x---", "x-x-x-x-x-------", "..x.x.x.x---x---"], stepwise: 0.7, span: 12),
        leads: [81, 80, 87, 62], compPrograms: [90, 89, 50, 88], bassPrograms: [38, 39],
        moods: ["nostalgic", "retro", "dreamy", "driving", "nocturnal"], energy: 1, humanize: 0, reverb: 40...70)

    static let drumAndBass = Style(
        id: "drum_and_bass", names: ["drum and bass", "liquid drum and bass"], tempo: 164...176,
        progressions: [Progression(.minor, "i7 | i7 | bVImaj7 | bVImaj7"), Progression(.minor, "i | bVI | bVII | i"),
                       Progression(.dorian, "i7 | IV7 | i7 | IV7")],
        drums: [DrumGroove([(Dr.kick, "x.........x....."), (Dr.snare, "....x.......x..."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")]),
                DrumGroove([(Dr.kick, "x.........x.x..."), (Dr.snare, "....x..o.o..x..."), (Dr.closedHat, "xoxoxoxoxoxoxoxo")])],
        kits: [.electronic, .standard, .tr808],
        comps: [Comp(pattern: "x---------------", voicing: .pad, legato: 1), Comp(pattern: "x-----x---------", legato: 0.9)],
        bass: ["R-------R---5---", "R---------R-----"],
        melody: Melody(rhythms: ["x---....x---....", "x-x-x---........", "x-------x-x-x---"], stepwise: 0.7, span: 12, legato: 0.95),
        leads: [0, 4, 81, 85, 73], compPrograms: [89, 90, 4, 48], bassPrograms: [38, 39],
        moods: ["energetic", "rolling", "intense", "urgent", "atmospheric"], energy: 2, humanize: 0, reverb: 35...60)

    /// Half-time claps on three, rolling hi-hats, long 808 bass notes and a bell melody.
    static let trap = Style(
        id: "trap", names: ["trap", "trap beat"], tempo: 130...150,
        progressions: [Progression(.minor, "i | i | bVI | bVII"), Progression(.minor, "i | iv | i | iv"),
                       Progression(.phrygian, "i | bII | i | bII"), Progression(.harmonicMinor, "i | i | V | V")],
        drums: [DrumGroove([(Dr.kick, "x.....x...x....."), (Dr.clap, "........x......."), (Dr.closedHat, "x.x.xxx.x.x.x.xx")]),
                DrumGroove([(Dr.kick, "x......x..x.x..."), (Dr.snare, "........x......."), (Dr.closedHat, "xxx.x.x.xxxxx.x.")])],
        kits: [.tr808],
        comps: [Comp(pattern: "x---------------", voicing: .pad, legato: 1), Comp(pattern: "x.......x.......", legato: 0.9)],
        bass: ["R-----R---R-----", "R---------R-5---"],
        melody: Melody(rhythms: ["x.x.x.x.x.x.x.x.", "x..x..x.x..x..x.", "x---x---x---x-x-"], stepwise: 0.6, span: 10, legato: 0.7),
        leads: [14, 9, 73, 0, 45, 81], compPrograms: [89, 52, 48, 91], bassPrograms: [38, 39],
        moods: ["dark", "moody", "hard-hitting", "brooding", "ominous"], energy: 1, humanize: 0)

    static let chiptune = Style(
        id: "chiptune", names: ["chiptune", "8-bit", "video game music"], tempo: 120...160,
        progressions: [Progression(.major, "I | V | vi | IV"), Progression(.minor, "i | bVI | bVII | i"),
                       Progression(.major, "I | IV | V | I"), Progression(.minor, "i | bVII | bVI | V")],
        drums: [DrumGroove([(Dr.kick, "x.......x.x....."), (Dr.snare, "....x.......x..."), (Dr.closedHat, "x.x.x.x.x.x.x.x.")])],
        kits: [.electronic, .tr808],
        comps: [Comp(pattern: "xxxxxxxxxxxxxxxx", kind: .arpeggio([0, 1, 2]), legato: 0.8, octave: 12),
                Comp(pattern: "x.x.x.x.x.x.x.x.", kind: .arpeggio([0, 1, 2, 1]), legato: 0.6)],
        bass: ["R.R.8.R.R.R.8.R.", "R.8.R.8.R.8.R.8."],
        melody: Melody(rhythms: ["x.x.x.x.xxxx....", "x-x-x-xxx-x-x---", "xxxxx.x.x-x-x---", "x.x.xxx.x---x---"], stepwise: 0.6, span: 14, legato: 0.8),
        leads: [80, 81, 82], compPrograms: [80, 81], bassPrograms: [38, 39], borrowChance: 0.1,
        moods: ["playful", "bouncy", "nostalgic", "cheerful", "quirky"], energy: 2, humanize: 0, reverb: 5...20)

    static let ambient = Style(
        id: "ambient", names: ["ambient", "ambient electronic"], tempo: 50...76,
        progressions: [Progression(.major, "Imaj7 | IVmaj7 | Imaj7 | IVmaj7"), Progression(.lydian, "I | II | I | II"),
                       Progression(.minor, "i | bVI | i | bVII"), Progression(.major, "Iadd9 | vi7 | IVmaj7 | Iadd9")],
        comps: [Comp(pattern: "x---------------", voicing: .pad, legato: 1), Comp(pattern: "x-------x-------", voicing: .pad, legato: 1)],
        bass: ["R---------------"], bassChance: 0.4,
        melody: Melody(rhythms: ["x-------........", "........x-------", "x---....x---....", "x---------------"], stepwise: 0.6, span: 12,
                       legato: 1, lateEntry: 0.5),
        leads: [8, 11, 9, 98, 0, 88, 14], compPrograms: [88, 89, 91, 94, 92, 99], bassPrograms: [38, 35],
        moods: ["serene", "ethereal", "calm", "spacious", "dreamy", "meditative"], energy: 0, humanize: 10, reverb: 70...110)
}
