import Engine

/// Captions for timbre clips. They name the GM program, the register and what is
/// played — except for the benchmark instruments (and Violin, Fiddle's sound),
/// which are described by their GM family only, so that this corpus can feed a
/// denoiser without naming a held-out concept (DESIGN.md §4).
public enum TimbreCaption {
    /// GM families, eight programs each.
    static let families = ["piano", "chromatic percussion instrument", "organ", "guitar", "bass", "string instrument",
                           "ensemble", "brass instrument", "reed instrument", "wind instrument", "synth lead", "synth pad",
                           "synth effect", "plucked or reed instrument", "percussion instrument", "sound effect"]

    public static func write(preset: SoundFontPreset, drums: Bool, register: TimbrePlan.Register, gestures: [TimbreGesture],
                             rng: inout SeededGenerator) -> String {
        let what: String
        if drums {
            what = preset.isDrumKit ? GeneralMIDI.Kit(rawValue: preset.program)?.captionNames.first ?? "percussion" : "an acoustic drum kit"
        } else if HoldOut.heldOutPrograms.contains(preset.program) {
            what = "a solo \(families[preset.program / 8])"
        } else {
            let name = GeneralMIDI.programNames[preset.program].lowercased()
            what = preset.bank == 0 ? "solo \(name)" : "a variation of \(name)"
        }
        let played = gestures.map { g -> String in
            switch g {
            case .staccato: return "short notes"
            case .sustained: return "long held notes"
            case .chord: return "chords"
            case .legato: return "a legato line"
            case .repeated: return "repeated notes"
            case .hits: return "single hits"
            case .roll: return "a roll"
            case .groove: return "a simple beat"
            }
        }
        var unique: [String] = []
        for p in played where !unique.contains(p) { unique.append(p) }
        let list = unique.count > 1 ? unique.dropLast().joined(separator: ", ") + " and " + unique.last! : (unique.first ?? "notes")
        let templates = ["\(what), \(register.rawValue) register: \(list)", "\(list) on \(what) in the \(register.rawValue) register",
                         "\(what) playing \(list), \(register.rawValue) register"]
        return Caption.capitalised(templates[Int.random(in: 0..<templates.count, using: &rng)])
    }
}
