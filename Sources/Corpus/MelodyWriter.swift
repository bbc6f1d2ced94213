import Engine

/// Writes the lead: phrases of four bars built from one-bar rhythm cells in a
/// form such as A A B A; a repeated cell repeats its motif too, moved to fit
/// the new chord, so the tune has something to remember. Notes on strong beats
/// favour chord tones, the line moves mostly by step, follows an arched,
/// rising or falling contour, and phrases end on a held chord tone.
struct MelodyWriter {
    let style: Style
    let timeline: ChordTimeline
    let scale: Set<Int>
    let range: ClosedRange<Int>
    let bars: Int
    let quartersPerBar: Double
    let beatQuarters: Double
    let contour: Contour

    enum Contour: String, CaseIterable { case arched, rising, falling, wave }

    /// The melodic range: the style's span, centred in the instrument's idiomatic range.
    static func range(span: Int, instrument: ClosedRange<Int>, rng: inout SeededGenerator) -> ClosedRange<Int> {
        let width = min(span, instrument.count - 1)
        let slack = instrument.count - 1 - width
        let low = instrument.lowerBound + slack / 2 + Int.random(in: -(slack / 4)...(slack / 4), using: &rng)
        return low...(low + width)
    }

    func write(channel: Int, velocity: Double, rng: inout SeededGenerator) -> [NoteEvent] {
        let cells = style.melody.rhythms
        let a = Int.random(in: 0..<cells.count, using: &rng)
        var b = Int.random(in: 0..<cells.count, using: &rng)
        if b == a && cells.count > 1 { b = (a + 1) % cells.count }
        let c = Int.random(in: 0..<cells.count, using: &rng)
        let forms = [[a, a, b, a], [a, b, a, b], [a, a, b, b], [a, b, a, c], [a, a, a, b]]
        let form = forms[Int.random(in: 0..<forms.count, using: &rng)]
        let late = rng.nextDouble() < style.melody.lateEntry && bars > 2

        var notes: [NoteEvent] = []
        var motifs: [Int: (root: Int, pitches: [Int])] = [:]
        let centre = (range.lowerBound + range.upperBound) / 2
        var previous = nearest(to: centre, in: pitches(for: timeline.chord(at: 0), strong: true))

        for bar in 0..<bars where !(late && bar == 0) {
            let cell = form[bar % 4]
            let hits = cells[cell].hits(bar: 0)
            let barStart = Double(bar) * quartersPerBar
            let chordAtBar = timeline.chord(at: barStart)
            let phraseEnd = bar % 4 == 3 || bar == bars - 1
            var written: [Int] = []
            let reuse = motifs[cell].flatMap { $0.pitches.count == hits.count ? $0 : nil }
            for (i, hit) in hits.enumerated() {
                let start = barStart + hit.position * quartersPerBar
                let chord = timeline.chord(at: start)
                let strong = isStrong(hit.position)
                let allowed = pitches(for: chord, strong: false)
                var pitch: Int
                if let motif = reuse {
                    // Move the remembered motif by the change of chord root, then snap into the current chord scale.
                    var shift = (chordAtBar.root - motif.root + 12) % 12
                    if shift > 6 { shift -= 12 }
                    pitch = nearest(to: motif.pitches[i] + shift, in: strong ? pitches(for: chord, strong: true) : allowed)
                } else {
                    pitch = choose(after: previous, chord: chord, strong: strong,
                                   target: target(at: (Double(bar % 4) + hit.position) / 4), rng: &rng)
                }
                var length = hit.length * quartersPerBar
                let last = i == hits.count - 1
                if phraseEnd && last {
                    // A phrase comes to rest: a chord tone, held to the end of the bar.
                    pitch = nearest(to: pitch, in: pitches(for: chord, strong: true))
                    length = max(length, barStart + quartersPerBar - start)
                }
                written.append(pitch)
                previous = pitch
                let accent = StepPattern.accent(hit.symbol) * (strong ? 1.0 : 0.9)
                notes.append(NoteEvent(channel: channel, key: pitch, velocity: velocity * accent,
                                       start: start, length: length * style.melody.legato))
            }
            if motifs[cell] == nil { motifs[cell] = (chordAtBar.root, written) }
        }
        return notes
    }

    /// Whether a position in the bar falls on a counted beat.
    private func isStrong(_ position: Double) -> Bool {
        let beats = quartersPerBar / beatQuarters
        let x = position * beats
        return abs(x - x.rounded()) < 1e-6
    }

    /// Pitch target of the contour at phrase position `t` (0…1).
    private func target(at t: Double) -> Double {
        let low = Double(range.lowerBound), span = Double(range.count - 1)
        switch contour {
        case .arched: return low + span * (0.3 + 0.5 * _sin(Double.pi * t))
        case .rising: return low + span * (0.25 + 0.55 * t)
        case .falling: return low + span * (0.8 - 0.55 * t)
        case .wave: return low + span * (0.5 + 0.3 * _sin(2 * Double.pi * t))
        }
    }

    /// MIDI keys in range whose pitch class suits `chord` (chord tones only when `strong`).
    private func pitches(for chord: Chord, strong: Bool) -> [Int] {
        let pcs = strong ? chord.pitchClasses : chordScale(chord, scale: scale)
        return range.filter { pcs.contains($0 % 12) }
    }

    private func nearest(to key: Int, in candidates: [Int]) -> Int {
        candidates.min { (abs($0 - key), $0) < (abs($1 - key), $1) } ?? key
    }

    /// A weighted draw: steps over leaps, chord tones on strong beats, near the contour.
    private func choose(after previous: Int, chord: Chord, strong: Bool, target: Double, rng: inout SeededGenerator) -> Int {
        let candidates = pitches(for: chord, strong: false)
        let tones = chord.pitchClasses
        let p = style.melody.stepwise
        var weights: [Double] = []
        for key in candidates {
            let d = abs(key - previous)
            var w: Double
            switch d {
            case 0: w = 0.35
            case 1...2: w = p
            case 3...4: w = (1 - p) * 0.6
            case 5...7: w = (1 - p) * 0.3
            case 8...12: w = 0.03
            default: w = 0.002
            }
            if strong { w *= tones.contains(key % 12) ? 3 : 0.35 }
            w *= _exp(-abs(Double(key) - target) / 5)
            weights.append(w)
        }
        let total = weights.reduce(0, +)
        guard total > 0 else { return previous }
        var r = rng.nextDouble() * total
        for (key, w) in zip(candidates, weights) {
            r -= w
            if r <= 0 { return key }
        }
        return candidates[candidates.count - 1]
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _sin(_ x: Double) -> Double { Glibc.sin(x) }
@inline(__always) func _exp(_ x: Double) -> Double { Glibc.exp(x) }
#else
import Darwin
@inline(__always) func _sin(_ x: Double) -> Double { Darwin.sin(x) }
@inline(__always) func _exp(_ x: Double) -> Double { Darwin.exp(x) }
#endif
