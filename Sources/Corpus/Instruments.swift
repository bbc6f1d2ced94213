/// What the corpus knows about a General MIDI program: the words a caption may
/// use for it and the range where it sounds natural as a melody.
public struct Instrument: Sendable, Hashable {
    /// 0-based GM program.
    public let program: Int
    /// Caption words, most natural first; the caption writer picks among them.
    public let captionNames: [String]
    /// MIDI keys where a melody on this instrument sounds idiomatic.
    public let range: ClosedRange<Int>

    /// The GM specification's name.
    public var gmName: String { GeneralMIDI.programNames[program] }
}

/// The instruments the corpus can write for, and the pools a style draws from
/// when it lets a clip leave its usual instrumentation.
public enum Instruments {
    private static let table: [(Int, [String], ClosedRange<Int>)] = [
        (0, ["piano", "acoustic piano", "grand piano"], 55...84),
        (1, ["bright piano", "piano"], 55...84),
        (2, ["electric grand piano", "electric piano"], 55...84),
        (3, ["honky-tonk piano", "saloon piano", "out-of-tune piano"], 55...84),
        (4, ["electric piano", "rhodes", "e-piano"], 52...81),
        (5, ["electric piano", "fm electric piano", "bell-like electric piano"], 52...81),
        (6, ["harpsichord"], 53...84),
        (7, ["clavinet", "clav"], 48...76),
        (8, ["celesta"], 67...96),
        (9, ["glockenspiel", "bells"], 72...96),
        (10, ["music box"], 67...96),
        (11, ["vibraphone", "vibes"], 57...86),
        (12, ["marimba"], 53...84),
        (13, ["xylophone"], 65...96),
        (14, ["tubular bells", "chimes"], 60...77),
        (15, ["hammered dulcimer", "dulcimer"], 55...84),
        (16, ["organ", "drawbar organ", "hammond organ"], 53...84),
        (17, ["percussive organ", "organ"], 53...84),
        (18, ["rock organ", "overdriven organ", "organ"], 53...84),
        (19, ["pipe organ", "cathedral organ"], 48...84),
        (21, ["accordion"], 53...81),
        (22, ["harmonica", "mouth organ"], 60...84),
        (23, ["bandoneon", "tango accordion", "accordion"], 53...81),
        (24, ["nylon-string guitar", "classical guitar", "acoustic guitar"], 52...79),
        (25, ["acoustic guitar", "steel-string guitar", "folk guitar"], 52...79),
        (26, ["jazz guitar", "hollow-body guitar", "electric guitar"], 52...79),
        (27, ["clean electric guitar", "electric guitar", "clean guitar"], 52...81),
        (28, ["muted guitar", "palm-muted guitar", "electric guitar"], 45...69),
        (29, ["overdriven guitar", "crunchy electric guitar", "electric guitar"], 52...81),
        (30, ["distorted guitar", "distortion guitar", "heavy electric guitar"], 52...81),
        (32, ["upright bass", "double bass", "acoustic bass"], 28...52),
        (33, ["bass guitar", "electric bass", "fingered bass"], 28...52),
        (34, ["picked bass", "electric bass", "bass guitar"], 28...52),
        (35, ["fretless bass"], 28...52),
        (36, ["slap bass", "funky slap bass"], 28...52),
        (37, ["slap bass", "popping bass"], 28...52),
        (38, ["synth bass", "synthesizer bass"], 24...48),
        (39, ["synth bass", "analog bass synth"], 24...48),
        (40, ["violin"], 55...88),
        (41, ["viola"], 48...76),
        (42, ["cello"], 40...69),
        (43, ["contrabass", "orchestral double bass"], 28...50),
        (44, ["tremolo strings"], 48...84),
        (45, ["pizzicato strings", "plucked strings"], 43...79),
        (46, ["harp", "concert harp"], 48...84),
        (47, ["timpani"], 38...55),
        (48, ["strings", "string ensemble", "string section"], 48...84),
        (49, ["slow strings", "strings", "string section"], 48...84),
        (50, ["synth strings", "synthetic strings"], 48...84),
        (52, ["choir", "choir aahs", "vocal choir"], 53...77),
        (53, ["voice oohs", "wordless vocals", "humming voices"], 53...77),
        (54, ["synth voice", "synthetic choir"], 55...79),
        (56, ["trumpet"], 58...82),
        (57, ["trombone"], 45...72),
        (58, ["tuba"], 28...53),
        (59, ["muted trumpet"], 58...79),
        (60, ["french horn", "horn"], 48...72),
        (61, ["brass section", "horns", "brass"], 53...79),
        (62, ["synth brass", "brassy synth"], 53...79),
        (64, ["soprano sax", "soprano saxophone"], 58...86),
        (65, ["alto sax", "alto saxophone", "saxophone"], 53...80),
        (66, ["tenor sax", "tenor saxophone", "saxophone"], 46...75),
        (67, ["baritone sax", "baritone saxophone"], 38...67),
        (68, ["oboe"], 60...86),
        (69, ["english horn", "cor anglais"], 55...79),
        (70, ["bassoon"], 34...62),
        (71, ["clarinet"], 52...84),
        (72, ["piccolo"], 74...98),
        (73, ["flute"], 60...91),
        (74, ["recorder"], 62...86),
        (75, ["pan flute", "panpipes"], 60...86),
        (76, ["blown bottle"], 60...81),
        (78, ["whistle", "tin whistle"], 72...96),
        (80, ["square lead", "square-wave synth", "chiptune synth"], 55...84),
        (81, ["sawtooth lead", "saw synth", "synth lead"], 52...84),
        (82, ["calliope lead", "synth lead"], 60...84),
        (84, ["charang lead", "synth lead"], 55...81),
        (85, ["voice lead", "vocal synth"], 55...79),
        (87, ["bass and lead synth", "synth lead"], 48...79),
        (88, ["new age pad", "synth pad"], 48...79),
        (89, ["warm pad", "synth pad", "soft pad"], 48...79),
        (90, ["polysynth", "synth pad"], 48...79),
        (91, ["choir pad", "vocal pad"], 48...79),
        (92, ["bowed pad", "synth pad"], 48...79),
        (94, ["halo pad", "shimmering pad"], 48...79),
        (95, ["sweep pad", "synth pad"], 48...79),
        (98, ["crystal synth", "bell synth"], 60...88),
        (99, ["atmospheric synth", "atmosphere pad"], 55...84),
        (104, ["sitar"], 50...77),
        (105, ["banjo"], 50...79),
        (106, ["shamisen"], 50...79),
        (107, ["koto"], 55...84),
        (108, ["kalimba", "thumb piano"], 60...84),
        (109, ["bagpipes", "bagpipe"], 64...81),
        (110, ["fiddle"], 55...88),
        (111, ["shanai", "shehnai"], 60...84),
        (114, ["steel drums", "steel pan"], 60...84),
    ]

    /// Every instrument the corpus can write for, by program.
    public static let byProgram: [Int: Instrument] = Dictionary(uniqueKeysWithValues: table.map {
        ($0.0, Instrument(program: $0.0, captionNames: $0.1, range: $0.2))
    })

    /// The instrument for `program`; every program a style or concept names is in the table (a test checks).
    public static func instrument(_ program: Int) -> Instrument {
        byProgram[program] ?? Instrument(program: program, captionNames: [GeneralMIDI.programNames[program].lowercased()], range: 55...79)
    }

    /// Melody instruments a clip may borrow from outside its style, so that the
    /// model hears instruments apart from the genres they usually come with.
    public static let leadPool: [Int] = [0, 4, 11, 12, 13, 21, 22, 24, 25, 26, 27, 29, 40, 41, 42, 46, 53, 56, 57, 59, 60,
                                         64, 65, 66, 68, 69, 71, 72, 73, 74, 75, 78, 80, 81, 82, 85, 104, 105, 107, 108,
                                         109, 110, 111, 77, 79, 114]
    /// Chord instruments a clip may borrow.
    public static let compPool: [Int] = [0, 2, 4, 5, 6, 16, 17, 19, 21, 24, 25, 26, 27, 46, 48, 49, 50, 61, 88, 89, 90, 91, 94,
                                         104, 105, 107, 108, 114]
    /// Bass instruments a clip may borrow.
    public static let bassPool: [Int] = [32, 33, 34, 35, 38, 39, 43, 58, 70]
}
