import Engine

extension Caption {
    /// The words one caption is made of, drawn once per caption so that a
    /// template naming the mood twice names the same mood.
    struct Words: Sendable {
        let genre: String
        let lead: String
        let comp: String
        let sameInstrument: Bool
        let layer: String?
        let bass: String?
        let drums: String?
        let mood: String
        let mood2: String
        let tempoWord: String
        let bpm: Int
        let keyName: String
        let modeWord: String
        let energyWord: String
        let meter: String

        init(_ a: Arrangement, rng: inout SeededGenerator) {
            func pick(_ xs: [String]) -> String { xs[Int.random(in: 0..<xs.count, using: &rng)] }
            func name(_ program: Int) -> String { pick(Instruments.instrument(program).captionNames) }
            let style = Styles.named(a.style)
            genre = pick(style?.names ?? [a.style])
            lead = name(a.lead)
            // A part doubled on the lead's instrument is named once in lists and as "a second …" where it stands alone.
            sameInstrument = a.comp == a.lead
            comp = sameInstrument ? "a second \(lead)" : name(a.comp)
            layer = a.layer.map(name)
            bass = a.bass.map(name)
            drums = a.drumKit.flatMap { GeneralMIDI.Kit(rawValue: $0) }.map { pick($0.captionNames) }
            let moods = Self.moods(style: style, mode: a.mode, bpm: a.bpm)
            let first = Int.random(in: 0..<moods.count, using: &rng)
            var second = Int.random(in: 0..<moods.count, using: &rng)
            if second == first { second = (first + 1) % moods.count }
            mood = moods[first]
            mood2 = moods[second]
            tempoWord = pick(Self.tempoWords(a.bpm))
            bpm = a.bpm
            keyName = a.key.name
            modeWord = a.mode.isMinor ? "minor" : "major"
            energyWord = pick([["low-energy", "mellow", "soft", "gentle"], ["steady", "moderate", "easy-flowing"],
                               ["high-energy", "energetic", "intense", "powerful"]][min(max(a.energy, 0), 2)])
            meter = a.meter
        }

        /// Style moods mixed with those the key and tempo suggest.
        static func moods(style: Style?, mode: Mode, bpm: Int) -> [String] {
            let fromKey: [String]
            switch (mode.isMinor, bpm >= 108) {
            case (true, false): fromKey = ["sad", "melancholic", "somber", "wistful"]
            case (true, true): fromKey = ["dark", "tense", "urgent", "brooding"]
            case (false, false): fromKey = ["calm", "peaceful", "warm", "gentle"]
            case (false, true): fromKey = ["happy", "joyful", "bright", "cheerful"]
            }
            return (style?.moods ?? []) + fromKey
        }

        static func tempoWords(_ bpm: Int) -> [String] {
            switch bpm {
            case ..<70: return ["very slow", "slow", "languid"]
            case 70..<90: return ["slow", "relaxed", "unhurried"]
            case 90..<110: return ["mid-tempo", "moderate", "medium-tempo"]
            case 110..<130: return ["upbeat", "brisk", "lively"]
            case 130..<160: return ["fast", "quick", "up-tempo"]
            default: return ["very fast", "rapid", "breakneck"]
            }
        }

        /// "A, B and C": every instrument, drums included, in a random order (lead first more often than not).
        func instruments(_ rng: inout SeededGenerator) -> String {
            var names = [lead] + (sameInstrument ? [] : [comp]) + [layer, bass].compactMap { $0 }
            var seen = Set<String>()
            names = names.filter { seen.insert($0).inserted }
            if rng.nextDouble() < 0.4 { names.shuffle(using: &rng) }
            if let drums { names.append(drums) }
            return Self.list(names, oxford: rng.nextDouble() < 0.3)
        }

        /// What sits under the lead: comp, layer, bass and drums.
        func support(_ rng: inout SeededGenerator) -> String {
            var names = [comp] + [layer, bass].compactMap { $0 }
            if let drums { names.append(drums) }
            return Self.list(names, oxford: rng.nextDouble() < 0.3)
        }

        /// ", backed by bass guitar and drums" or nothing.
        func backing(_ rng: inout SeededGenerator) -> String {
            let names = [bass, drums].compactMap { $0 }
            guard !names.isEmpty else { return "" }
            return [", backed by ", ", over ", " with "][Int.random(in: 0..<3, using: &rng)] + Self.list(names, oxford: false)
        }

        var drumsTail: String { drums.map { " and \($0)" } ?? "" }

        func tempoPhrase(_ rng: inout SeededGenerator) -> String {
            let options = ["at \(bpm) bpm", "at \(Caption.article(tempoWord)) \(tempoWord) \(bpm) BPM",
                           "at around \(bpm) beats per minute", "with a tempo of \(bpm) bpm", "at \(Caption.article(tempoWord)) \(tempoWord) pace"]
            return options[Int.random(in: 0..<options.count, using: &rng)]
        }

        /// The key by name, or just "a minor key".
        func keyLoose(_ rng: inout SeededGenerator) -> String {
            rng.nextDouble() < 0.5 ? keyName : "a \(modeWord) key"
        }

        static func list(_ items: [String], oxford: Bool) -> String {
            switch items.count {
            case 0: return ""
            case 1: return items[0]
            case 2: return "\(items[0]) and \(items[1])"
            default: return items.dropLast().joined(separator: ", ") + (oxford ? ", and " : " and ") + items[items.count - 1]
            }
        }
    }
}
