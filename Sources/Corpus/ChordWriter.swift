import Engine

/// Writes a chord part: voices each chord for its instrument and strikes it
/// on the pattern's steps — together, strummed string by string, or one tone
/// at a time as an arpeggio. Close voicings move to the nearest inversion, so
/// the inner voices change as little as a pianist's hands would.
struct ChordWriter {
    let comp: Comp
    let timeline: ChordTimeline
    let bars: Int
    let quartersPerBar: Double
    let quartersPerSecond: Double
    /// Centre of the register the chords sit in, from the instrument.
    let centre: Int

    func write(channel: Int, velocity: Double) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        var previous: [Int] = []
        var arpIndex = 0
        for bar in 0..<bars {
            let barStart = Double(bar) * quartersPerBar
            arpIndex = 0
            for hit in comp.pattern.hits(bar: bar) {
                let start = barStart + hit.position * quartersPerBar
                let chord = timeline.chord(at: start)
                let voiced = voice(chord, previous: previous)
                previous = voiced
                // A chord never rings into the next chord.
                let written = min(hit.length * quartersPerBar, timeline.chordEnd(at: start) - start)
                let length = max(written * comp.legato, 0.05)
                let accent = StepPattern.accent(hit.symbol)
                switch comp.kind {
                case .block:
                    for key in voiced {
                        notes.append(NoteEvent(channel: channel, key: key, velocity: velocity * accent, start: start, length: length))
                    }
                case .strum:
                    let up = hit.symbol == "u" || hit.symbol == "U"
                    // Upstrokes catch only the top strings; strings are about 12 ms apart.
                    let strings = up ? Array(voiced.suffix(4).reversed()) : voiced
                    let gap = 0.012 * quartersPerSecond
                    for (i, key) in strings.enumerated() {
                        let v = velocity * accent * (1 - 0.03 * Double(i))
                        notes.append(NoteEvent(channel: channel, key: key, velocity: v, start: start + Double(i) * gap,
                                               length: max(length - Double(i) * gap, 0.05)))
                    }
                case .arpeggio(let order):
                    let key = voiced[order[arpIndex % order.count] % voiced.count]
                    arpIndex += 1
                    // Picked notes ring on to the end of the chord when the part is legato.
                    let ring = comp.legato >= 1 ? timeline.chordEnd(at: start) - start : length
                    notes.append(NoteEvent(channel: channel, key: key, velocity: velocity * accent * 0.9, start: start,
                                           length: max(ring, length)))
                }
            }
        }
        return notes
    }

    /// MIDI keys of `chord` for this part's voicing.
    func voice(_ chord: Chord, previous: [Int]) -> [Int] {
        let shift = comp.octave
        func rootNear(_ low: Int) -> Int { low + ((chord.root - low) % 12 + 12) % 12 }
        switch comp.voicing {
        case .power:
            let r = rootNear(40 + shift)
            return [r, r + 7, r + 12]
        case .octave:
            let r = rootNear(centre - 6 + shift)
            return [r, r + 12]
        case .spread:
            let r = rootNear(40 + shift)
            let colour = chord.intervals.contains(chord.seventh) ? chord.seventh : chord.fifth
            return [r, r + chord.fifth, r + 12, r + 12 + chord.third, r + 12 + colour, r + 24]
        case .shell:
            let r = rootNear(centre - 14 + shift)
            let seventh = chord.intervals.contains(chord.seventh) ? chord.seventh : chord.fifth
            return [r, r + seventh, r + 12 + chord.third].sorted()
        case .pad:
            let r = rootNear(centre - 14 + shift)
            let colour = chord.intervals.contains(chord.seventh) ? chord.seventh : chord.fifth
            return Array(Set([r, r + chord.fifth, r + 12 + chord.third, r + 12 + colour])).sorted()
        case .close:
            return closeVoicing(chord, previous: previous, centre: centre + shift)
        }
    }

    /// The inversion of the chord's first four tones nearest the previous voicing (or the centre).
    private func closeVoicing(_ chord: Chord, previous: [Int], centre: Int) -> [Int] {
        let tones = Array(chord.intervals.map { $0 % 12 }.prefix(4))
        var best: [Int] = []
        var bestCost = Int.max
        for rotation in 0..<tones.count {
            for base in (centre - 9)...(centre + 2) {
                let first = (chord.root + tones[rotation]) % 12
                guard (base % 12 + 12) % 12 == first else { continue }
                var voicing = [base]
                for k in 1..<tones.count {
                    let pc = (chord.root + tones[(rotation + k) % tones.count]) % 12
                    var key = voicing[voicing.count - 1] + 1
                    while (key % 12 + 12) % 12 != pc { key += 1 }
                    voicing.append(key)
                }
                let cost: Int
                if previous.isEmpty {
                    cost = abs(voicing.reduce(0, +) / voicing.count - centre)
                } else {
                    let a = voicing.reduce(0, +) * 100 / voicing.count, b = previous.reduce(0, +) * 100 / previous.count
                    cost = abs(a - b) + abs(voicing.reduce(0, +) / voicing.count - centre) * 20
                }
                if cost < bestCost { bestCost = cost; best = voicing }
            }
        }
        return best
    }
}

/// Writes the bass from a pattern of chord degrees: `R` root, `3` third,
/// `5` fifth, `6` sixth, `7` seventh, `8` octave, `A` a chromatic approach
/// to the next chord's root, `W` a walking tone that heads there.
struct BassWriter {
    let pattern: StepPattern
    let timeline: ChordTimeline
    let bars: Int
    let quartersPerBar: Double
    let range: ClosedRange<Int>

    func write(channel: Int, velocity: Double, rng: inout SeededGenerator) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        var previous = range.lowerBound + 7
        for bar in 0..<bars {
            let barStart = Double(bar) * quartersPerBar
            let hits = pattern.hits(bar: bar)
            for (i, hit) in hits.enumerated() {
                let start = barStart + hit.position * quartersPerBar
                let chord = timeline.chord(at: start)
                let next = timeline.nextChord(after: start)
                let root = place(chord.root, near: previous)
                var key: Int
                switch hit.symbol {
                case "3": key = root + chord.third
                case "5": key = root + chord.fifth
                case "6": key = root + (chord.third == 3 ? 8 : 9)
                case "7": key = root + chord.seventh
                case "8": key = root + 12 <= range.upperBound ? root + 12 : root
                case "A":
                    let target = place(next.root, near: previous)
                    key = target + (rng.nextDouble() < 0.7 ? -1 : 1)
                case "W":
                    if hit.position == 0 {
                        key = root
                    } else if i == hits.count - 1 {
                        let target = place(next.root, near: previous)
                        key = target + (rng.nextDouble() < 0.5 ? -1 : 1)
                    } else {
                        // A chord tone on the way: third or fifth, whichever is nearer the previous note.
                        let options = [root + chord.third, root + chord.fifth, root + 12, root - 12 + chord.fifth]
                        key = options.filter { range.contains($0) && $0 != previous }.min { abs($0 - previous) < abs($1 - previous) } ?? root
                    }
                default: key = root
                }
                while key > range.upperBound { key -= 12 }
                while key < range.lowerBound { key += 12 }
                previous = key
                let accent = hit.position == 0 ? 1.0 : 0.85
                notes.append(NoteEvent(channel: channel, key: key, velocity: velocity * accent, start: start,
                                       length: hit.length * quartersPerBar * 0.9))
            }
        }
        return notes
    }

    /// The octave of pitch class `pc` nearest `near`, kept in the lower part of the range.
    private func place(_ pc: Int, near: Int) -> Int {
        let ceiling = min(range.upperBound - 7, range.lowerBound + 16)
        var best = range.lowerBound + ((pc - range.lowerBound) % 12 + 12) % 12
        var key = best
        while key <= ceiling {
            if abs(key - near) < abs(best - near) { best = key }
            key += 12
        }
        return best
    }
}
