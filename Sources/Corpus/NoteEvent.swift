/// A note of the score in musical time, before it becomes MIDI.
struct NoteEvent: Sendable {
    var channel: Int
    var key: Int
    /// 0…1, scaled to MIDI velocity on output.
    var velocity: Double
    /// Start and length in quarter notes from the start of the segment.
    var start: Double
    var length: Double
}

/// Channel of each part. Drums sit on GM channel 10; the lead's echo gets a channel of its own
/// so that its repeated notes never cut the lead's own notes of the same pitch.
enum Part: Int, CaseIterable {
    case lead = 0, comp = 1, layer = 2, bass = 3, echo = 4, drums = 9

    var name: String {
        switch self {
        case .lead: return "lead"
        case .comp: return "accompaniment"
        case .layer: return "layer"
        case .bass: return "bass"
        case .echo: return "lead echo"
        case .drums: return "drums"
        }
    }
}

/// The harmony under the score: which chord sounds when.
struct ChordTimeline {
    struct Span { var chord: Chord; var start: Double; var end: Double }
    let spans: [Span]

    /// `bars` bars of `progression` in `key`, each bar `quartersPerBar` long, the progression cycling.
    init(progression: Progression, key: Key, bars: Int, quartersPerBar: Double) {
        var spans: [Span] = []
        for bar in 0..<bars {
            let chords = progression.bars[bar % progression.bars.count]
            let share = quartersPerBar / Double(chords.count)
            for (i, roman) in chords.enumerated() {
                let start = Double(bar) * quartersPerBar + Double(i) * share
                spans.append(Span(chord: roman.chord(in: key), start: start, end: start + share))
            }
        }
        self.spans = spans
    }

    /// The chord sounding at `quarters` (the last one past the end).
    func chord(at quarters: Double) -> Chord {
        index(at: quarters).map { spans[$0].chord } ?? spans[spans.count - 1].chord
    }

    /// The chord after the one sounding at `quarters` (itself at the end).
    func nextChord(after quarters: Double) -> Chord {
        guard let i = index(at: quarters) else { return spans[spans.count - 1].chord }
        return spans[min(i + 1, spans.count - 1)].chord
    }

    /// Where the chord sounding at `quarters` ends.
    func chordEnd(at quarters: Double) -> Double {
        index(at: quarters).map { spans[$0].end } ?? spans[spans.count - 1].end
    }

    private func index(at quarters: Double) -> Int? {
        // Binary search over sorted spans; a small epsilon keeps hits that land exactly on a boundary in the new chord.
        var lo = 0, hi = spans.count - 1
        let t = quarters + 1e-9
        guard !spans.isEmpty, t >= spans[0].start else { return spans.isEmpty ? nil : 0 }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if spans[mid].start <= t { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
