/// General MIDI level 1: program names, percussion keys and the drum kits that
/// GM soundfonts such as FluidR3_GM put in bank 128.
public enum GeneralMIDI {
    /// The 128 melodic program names of the GM 1 specification, indexed by 0-based program number.
    public static let programNames: [String] = [
        "Acoustic Grand Piano", "Bright Acoustic Piano", "Electric Grand Piano", "Honky-tonk Piano",
        "Electric Piano 1", "Electric Piano 2", "Harpsichord", "Clavinet",
        "Celesta", "Glockenspiel", "Music Box", "Vibraphone", "Marimba", "Xylophone", "Tubular Bells", "Dulcimer",
        "Drawbar Organ", "Percussive Organ", "Rock Organ", "Church Organ",
        "Reed Organ", "Accordion", "Harmonica", "Tango Accordion",
        "Acoustic Guitar (nylon)", "Acoustic Guitar (steel)", "Electric Guitar (jazz)", "Electric Guitar (clean)",
        "Electric Guitar (muted)", "Overdriven Guitar", "Distortion Guitar", "Guitar Harmonics",
        "Acoustic Bass", "Electric Bass (finger)", "Electric Bass (pick)", "Fretless Bass",
        "Slap Bass 1", "Slap Bass 2", "Synth Bass 1", "Synth Bass 2",
        "Violin", "Viola", "Cello", "Contrabass", "Tremolo Strings", "Pizzicato Strings", "Orchestral Harp", "Timpani",
        "String Ensemble 1", "String Ensemble 2", "Synth Strings 1", "Synth Strings 2",
        "Choir Aahs", "Voice Oohs", "Synth Voice", "Orchestra Hit",
        "Trumpet", "Trombone", "Tuba", "Muted Trumpet", "French Horn", "Brass Section", "Synth Brass 1", "Synth Brass 2",
        "Soprano Sax", "Alto Sax", "Tenor Sax", "Baritone Sax", "Oboe", "English Horn", "Bassoon", "Clarinet",
        "Piccolo", "Flute", "Recorder", "Pan Flute", "Blown Bottle", "Shakuhachi", "Whistle", "Ocarina",
        "Lead 1 (square)", "Lead 2 (sawtooth)", "Lead 3 (calliope)", "Lead 4 (chiff)",
        "Lead 5 (charang)", "Lead 6 (voice)", "Lead 7 (fifths)", "Lead 8 (bass + lead)",
        "Pad 1 (new age)", "Pad 2 (warm)", "Pad 3 (polysynth)", "Pad 4 (choir)",
        "Pad 5 (bowed)", "Pad 6 (metallic)", "Pad 7 (halo)", "Pad 8 (sweep)",
        "FX 1 (rain)", "FX 2 (soundtrack)", "FX 3 (crystal)", "FX 4 (atmosphere)",
        "FX 5 (brightness)", "FX 6 (goblins)", "FX 7 (echoes)", "FX 8 (sci-fi)",
        "Sitar", "Banjo", "Shamisen", "Koto", "Kalimba", "Bagpipe", "Fiddle", "Shanai",
        "Tinkle Bell", "Agogo", "Steel Drums", "Woodblock", "Taiko Drum", "Melodic Tom", "Synth Drum", "Reverse Cymbal",
        "Guitar Fret Noise", "Breath Noise", "Seashore", "Bird Tweet", "Telephone Ring", "Helicopter", "Applause", "Gunshot",
    ]

    /// The percussion channel (channel 10 in the specification's 1-based numbering).
    public static let drumChannel = 9

    /// GM percussion keys (channel 10) that the styles use.
    public enum Drum {
        public static let kick = 36, kick2 = 35, sideStick = 37, snare = 38, clap = 39, snare2 = 40
        public static let floorTom = 41, closedHat = 42, lowTom = 45, pedalHat = 44, midTom = 47, openHat = 46
        public static let highTom = 50, crash = 49, ride = 51, rideBell = 53, tambourine = 54, splash = 55
        public static let cowbell = 56, crash2 = 57, highBongo = 60, lowBongo = 61, muteConga = 62
        public static let openConga = 63, lowConga = 64, highTimbale = 65, lowTimbale = 66, highAgogo = 67
        public static let lowAgogo = 68, cabasa = 69, maracas = 70, shortGuiro = 73, longGuiro = 74
        public static let claves = 75, highWoodBlock = 76, lowWoodBlock = 77, muteTriangle = 80, openTriangle = 81
    }

    /// Drum kits (programs on the percussion channel) and how captions may call them.
    public enum Kit: Int, Sendable, Codable, CaseIterable {
        case standard = 0, room = 8, power = 16, electronic = 24, tr808 = 25, jazz = 32, brush = 40, orchestra = 48

        /// Words for a caption, most common first.
        public var captionNames: [String] {
            switch self {
            case .standard: return ["drums", "a drum kit", "acoustic drums", "a full drum kit"]
            case .room: return ["drums", "a roomy drum kit", "live drums"]
            case .power: return ["punchy drums", "a powerful drum kit", "heavy drums"]
            case .electronic: return ["electronic drums", "a drum machine", "programmed beats"]
            case .tr808: return ["808 drums", "a drum machine", "an 808 beat", "electronic drums"]
            case .jazz: return ["a jazz drum kit", "drums", "light drums"]
            case .brush: return ["brushed drums", "drums played with brushes", "soft brushed percussion"]
            case .orchestra: return ["orchestral percussion", "concert percussion", "timpani and cymbals"]
            }
        }
    }
}
