import Engine

/// Writes the drum part: the groove bar after bar, a fill closing each
/// four-bar phrase, and a crash opening the next (as a drummer marks form).
struct DrumWriter {
    let groove: DrumGroove
    let fill: DrumGroove?
    let kit: GeneralMIDI.Kit
    let bars: Int
    let quartersPerBar: Double
    let beatQuarters: Double

    private typealias Dr = GeneralMIDI.Drum

    func write(velocity: Double, rng: inout SeededGenerator) -> [NoteEvent] {
        var notes: [NoteEvent] = []
        let useFills = bars >= 4 && rng.nextDouble() < 0.8
        let crashes = kit != .brush && kit != .jazz && rng.nextDouble() < 0.7
        for bar in 0..<bars {
            let barStart = Double(bar) * quartersPerBar
            let isFill = useFills && bar % 4 == 3 && bar != bars - 1
            for (key, hit) in lines(bar: bar, fill: isFill) {
                notes.append(NoteEvent(channel: GeneralMIDI.drumChannel, key: key, velocity: velocity * StepPattern.accent(hit.symbol),
                                       start: barStart + hit.position * quartersPerBar, length: 0.1))
            }
            if crashes && bar > 0 && bar % 4 == 0 {
                notes.append(NoteEvent(channel: GeneralMIDI.drumChannel, key: Dr.crash, velocity: velocity * 0.85,
                                       start: barStart, length: 0.1))
            }
        }
        return notes
    }

    /// The hits of one bar: the groove, or in a fill bar the style's fill, or
    /// the groove with its last beat replaced by a run down the toms (a snare
    /// roll on drum machines).
    private func lines(bar: Int, fill isFill: Bool) -> [(Int, Hit)] {
        if isFill, let fill {
            return fill.lines.flatMap { line in line.pattern.hits(bar: bar).map { (line.key, $0) } }
        }
        var out: [(Int, Hit)] = []
        let cut = isFill ? 1 - beatQuarters / quartersPerBar : 1.0
        for line in groove.lines {
            for hit in line.pattern.hits(bar: bar) where hit.position < cut - 1e-9 {
                out.append((line.key, hit))
            }
        }
        if isFill {
            let machine = kit == .tr808 || kit == .electronic
            let toms = machine ? [Dr.snare, Dr.snare, Dr.snare, Dr.snare] : [Dr.highTom, Dr.midTom, Dr.lowTom, Dr.floorTom]
            let step = (1 - cut) / 4
            for (i, key) in toms.enumerated() {
                out.append((key, Hit(position: cut + Double(i) * step, length: step, symbol: i == 0 ? "x" : "X")))
            }
        }
        return out
    }
}
