/// A genre as the music writer knows it: tempo, meter, feel, harmony, the
/// rhythms of each part and the instruments that play them. A clip draws one
/// choice from each list, so a style is a family of related pieces, not one.
public struct Style: Sendable {
    /// Identifier used in manifests (`bossa_nova`).
    public var id: String
    /// Caption words for the genre, most common first ("bossa nova", "bossa").
    public var names: [String]
    /// Tempo in counted beats per minute (dotted quarters in 6/8 and 12/8).
    public var tempo: ClosedRange<Int>
    public var meter: Meter = .common
    public var swing: Swing = .straight
    public var progressions: [Progression]

    /// Grooves for the drum kit; empty for styles without drums.
    public var drums: [DrumGroove] = []
    /// A bar that closes a four-bar phrase; nil for the generic tom fill.
    public var fill: DrumGroove? = nil
    /// Share of clips that have drums at all (when `drums` is not empty).
    public var drumChance: Double = 1
    public var kits: [GeneralMIDI.Kit] = [.standard]

    /// Chord parts; a clip plays one of them.
    public var comps: [Comp]
    /// A second chord layer some styles add (an organ bubble, a string pad), with its own instruments.
    public var layer: Comp? = nil
    public var layerPrograms: [Int] = []
    public var layerChance: Double = 0.6

    /// Bass lines over the chords; empty for styles without a bass part.
    public var bass: [StepPattern]
    public var bassChance: Double = 1

    public var melody: Melody

    /// Instruments the style usually has, by role (GM programs).
    public var leads: [Int]
    public var compPrograms: [Int]
    public var bassPrograms: [Int]
    /// Share of clips whose lead comes from `Instruments.leadPool` instead of `leads`.
    public var borrowChance: Double = 0.25

    /// Mood words that suit the style; the caption mixes them with words from the key and tempo.
    public var moods: [String]
    /// 0 calm, 1 moderate, 2 high.
    public var energy: Int = 1
    /// Standard deviation of timing jitter in milliseconds (0 for machine-tight styles).
    public var humanize: Double = 8
    /// Reverb send range (MIDI CC 91).
    public var reverb: ClosedRange<Int> = 25...55
    /// Repeats the lead at a dotted-eighth delay, fading (a tape-echo effect).
    public var echo: Bool = false
}

/// A chord progression: one entry per bar, each bar one or more chords that share it equally.
public struct Progression: Sendable {
    public var mode: Mode
    /// The scale the melody draws on when it is not the key's mode (blues over a major key).
    public var melodyMode: Mode?
    public var bars: [[RomanChord]]

    /// `bars` as text: "Imaj7 | ii7 V7 | …", spaces between chords of one bar.
    public init(_ mode: Mode, _ bars: String, melody: Mode? = nil) {
        self.mode = mode
        self.melodyMode = melody
        self.bars = bars.split(separator: "|").map { bar in
            bar.split(separator: " ").map { symbol in
                guard let chord = RomanChord(String(symbol)) else {
                    preconditionFailure("style catalog: unknown chord symbol '\(symbol)'")
                }
                return chord
            }
        }
    }
}

/// Drum lines: one step pattern per GM percussion key.
public struct DrumGroove: Sendable {
    public var lines: [(key: Int, pattern: StepPattern)]

    public init(_ lines: [(Int, StepPattern)]) {
        self.lines = lines.map { (key: $0.0, pattern: $0.1) }
    }
}

/// A chord part: when it strikes, how it voices the chord, how long it holds.
public struct Comp: Sendable {
    public enum Kind: Sendable {
        /// All chord tones together.
        case block
        /// Guitar strokes: `D`/`d` down (low to high), `u`/`U` up, notes a few milliseconds apart.
        case strum
        /// One chord tone per hit, walking `order` (indices into the voiced chord, cycling).
        case arpeggio([Int])
    }

    public enum Voicing: Sendable {
        /// Three or four notes inside an octave, led smoothly from chord to chord.
        case close
        /// Guitar-like: six strings' worth, root low.
        case spread
        /// Root, fifth, octave.
        case power
        /// Root, third, seventh (jazz left hand).
        case shell
        /// Wide and sustained.
        case pad
        /// Root and its octave.
        case octave
    }

    public var pattern: StepPattern
    public var kind: Kind = .block
    public var voicing: Voicing = .close
    /// Share of each hit's written length that sounds (1 legato, 0.3 staccato).
    public var legato: Double = 0.9
    /// Register shift in semitones from the instrument's comping register.
    public var octave: Int = 0
}

/// How the melody moves.
public struct Melody: Sendable {
    /// One-bar rhythm cells; phrases repeat and vary them.
    public var rhythms: [StepPattern]
    /// Probability that a note moves by a scale step rather than a leap.
    public var stepwise: Double = 0.7
    /// Semitone span the melody may use.
    public var span: Int = 14
    public var legato: Double = 0.9
    /// Share of clips where the lead rests for the first bar (a lead-in of accompaniment).
    public var lateEntry: Double = 0.15
}
