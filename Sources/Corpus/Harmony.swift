/// Scales, chords and keys: the pitch material of the music writer.

/// A scale or mode, as semitone steps above its tonic.
public enum Mode: String, Sendable, Codable, CaseIterable {
    case major, minor, dorian, mixolydian, phrygian, phrygianDominant, harmonicMinor, lydian
    case majorPentatonic, minorPentatonic, blues

    public var intervals: [Int] {
        switch self {
        case .major: return [0, 2, 4, 5, 7, 9, 11]
        case .minor: return [0, 2, 3, 5, 7, 8, 10]
        case .dorian: return [0, 2, 3, 5, 7, 9, 10]
        case .mixolydian: return [0, 2, 4, 5, 7, 9, 10]
        case .phrygian: return [0, 1, 3, 5, 7, 8, 10]
        case .phrygianDominant: return [0, 1, 4, 5, 7, 8, 10]
        case .harmonicMinor: return [0, 2, 3, 5, 7, 8, 11]
        case .lydian: return [0, 2, 4, 6, 7, 9, 11]
        case .majorPentatonic: return [0, 2, 4, 7, 9]
        case .minorPentatonic: return [0, 3, 5, 7, 10]
        case .blues: return [0, 3, 5, 6, 7, 10]
        }
    }

    /// Whether the mode has a minor third: it colours the mood words of a caption.
    public var isMinor: Bool { intervals.contains(3) && !intervals.contains(4) }

    /// How a caption says it after the tonic ("A minor", "D dorian").
    public var captionName: String {
        switch self {
        case .phrygianDominant: return "phrygian dominant"
        case .harmonicMinor: return "harmonic minor"
        case .majorPentatonic: return "major pentatonic"
        case .minorPentatonic: return "minor pentatonic"
        default: return rawValue
        }
    }
}

/// A key: a tonic pitch class and a mode.
public struct Key: Sendable, Codable, Hashable {
    /// 0 = C … 11 = B.
    public var tonic: Int
    public var mode: Mode

    public init(tonic: Int, mode: Mode) {
        self.tonic = ((tonic % 12) + 12) % 12
        self.mode = mode
    }

    /// Pitch classes of the key's scale.
    public var pitchClasses: Set<Int> { Set(mode.intervals.map { (tonic + $0) % 12 }) }

    /// The tonic spelled as the key signature spells it (flats in F, Bb…; sharps in D, A…).
    public var tonicName: String {
        let sharps = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
        let flats = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
        // Spell as the key signature does: flat keys with flats.
        let useFlats = signatureSharps < 0
        return (useFlats ? flats : sharps)[tonic]
    }

    /// "A minor", "D dorian".
    public var name: String { "\(tonicName) \(mode.captionName)" }

    /// Sharps (positive) or flats (negative) of the key signature, for the MIDI key-signature event.
    public var signatureSharps: Int {
        // Relative major of the mode's parent scale: place the tonic on the major scale degree.
        let offset: [Mode: Int] = [.major: 0, .minor: 3, .dorian: -2, .mixolydian: -7, .phrygian: -4,
                                   .phrygianDominant: -4, .harmonicMinor: 3, .lydian: -5,
                                   .majorPentatonic: 0, .minorPentatonic: 3, .blues: 3]
        let relativeMajor = ((tonic + (offset[mode] ?? 0)) % 12 + 12) % 12
        let table = [0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5]  // C Db D Eb E F F# G Ab A Bb B
        return table[relativeMajor]
    }
}

/// A chord as a root and intervals above it.
public struct Chord: Sendable, Hashable {
    /// Pitch class of the root.
    public var root: Int
    /// Semitones above the root, ascending, starting with 0.
    public var intervals: [Int]

    public var pitchClasses: Set<Int> { Set(intervals.map { (root + $0) % 12 }) }

    /// The interval of the chord's third (3 or 4), or its second/fourth for suspended chords.
    var third: Int { intervals.first { (2...5).contains($0) } ?? 4 }
    /// The fifth (6, 7 or 8), 7 when absent.
    var fifth: Int { intervals.first { (6...8).contains($0) } ?? 7 }
    /// The seventh if the chord has one, else the minor seventh a bass line may pass through.
    var seventh: Int { intervals.first { (10...11).contains($0) } ?? 10 }
}

/// A chord written as a Roman numeral over a key ("ii7", "bVII", "V7", "Imaj7", "iim7b5").
///
/// Roots are counted on the tonic's major scale, with `b`/`#` for the others, the
/// way jazz and pop charts write them; the numeral's case gives the triad
/// (upper major, lower minor) and a suffix adds sevenths and colours.
public struct RomanChord: Sendable, Hashable {
    public let symbol: String
    let degreeOffset: Int
    let intervals: [Int]

    /// Parses a symbol; nil when it is not one this writer knows.
    public init?(_ symbol: String) {
        self.symbol = symbol
        var rest = Substring(symbol)
        var accidental = 0
        if rest.hasPrefix("b") { accidental = -1; rest = rest.dropFirst() } else if rest.hasPrefix("#") { accidental = 1; rest = rest.dropFirst() }
        let numerals = ["VII", "III", "VI", "IV", "II", "V", "I"]
        guard let numeral = numerals.first(where: { rest.uppercased().hasPrefix($0) }) else { return nil }
        let written = rest.prefix(numeral.count)
        rest = rest.dropFirst(numeral.count)
        let upper = written == Substring(numeral)
        guard upper || written == Substring(numeral.lowercased()) else { return nil }
        let degree = ["I": 0, "II": 1, "III": 2, "IV": 3, "V": 4, "VI": 5, "VII": 6][numeral]!
        degreeOffset = [0, 2, 4, 5, 7, 9, 11][degree] + accidental
        let third = upper ? 4 : 3
        switch rest {
        case "": intervals = [0, third, 7]
        case "5": intervals = [0, 7]
        case "6": intervals = [0, third, 7, 9]
        case "7": intervals = [0, third, 7, 10]
        case "9": intervals = [0, third, 7, 10, 14]
        case "maj7": intervals = [0, 4, 7, 11]
        case "maj9": intervals = [0, 4, 7, 11, 14]
        case "add9": intervals = [0, third, 7, 14]
        case "m7b5": intervals = [0, 3, 6, 10]
        case "dim": intervals = [0, 3, 6]
        case "dim7": intervals = [0, 3, 6, 9]
        case "sus2": intervals = [0, 2, 7]
        case "sus4": intervals = [0, 5, 7]
        case "7sus4": intervals = [0, 5, 7, 10]
        case "+": intervals = [0, 4, 8]
        default: return nil
        }
    }

    /// The chord in `key`.
    public func chord(in key: Key) -> Chord {
        Chord(root: ((key.tonic + degreeOffset) % 12 + 12) % 12, intervals: intervals)
    }
}

/// Pitch classes a melody may use over `chord` in `key`: the key's scale, with
/// any scale note a semitone from a chord tone outside the scale replaced by
/// that chord tone (the raised seventh over V7 in minor, the flat seventh over I7).
func chordScale(_ chord: Chord, scale: Set<Int>) -> Set<Int> {
    var pcs = scale
    for tone in chord.pitchClasses where !scale.contains(tone) {
        pcs.remove((tone + 1) % 12)
        pcs.remove((tone + 11) % 12)
        pcs.insert(tone)
    }
    return pcs
}
