import Engine

/// What to write: a style, a seed, a length, and the corpus it is for.
public struct ClipRequest: Sendable {
    public var style: Style
    public var seed: UInt64
    /// Seconds of music wanted; whole bars are written to cover them.
    public var seconds: Double
    public var kind: CorpusKind
    /// A program that must play the lead (an instrument concept of the benchmark).
    public var featuredLead: Int?
    /// Whole bars only, with no extra bar of tail: for segments of a longer recording.
    public var exactBars: Bool

    public init(style: Style, seed: UInt64, seconds: Double, kind: CorpusKind, featuredLead: Int? = nil, exactBars: Bool = false) {
        self.style = style
        self.seed = seed
        self.seconds = seconds
        self.kind = kind
        self.featuredLead = featuredLead
        self.exactBars = exactBars
    }
}

/// A written piece: its arrangement, its mix, and the score ready for MIDI.
public struct Composition: Sendable {
    public var arrangement: Arrangement
    public var mix: MixSettings
    /// Length of the written bars in seconds.
    public var writtenSeconds: Double
    let segment: ScoreSegment

    /// The piece as a Standard MIDI File.
    public var midi: MIDIFile { ScoreSegment.midi([segment]) }
}

/// The music writer: from a request and its seed to a composition. Every
/// choice comes from one seeded generator in a fixed order, so the same
/// request always gives the same MIDI bytes.
public enum Composer {
    public static func compose(_ request: ClipRequest) -> Composition {
        var rng = SeededGenerator(seed: request.seed)
        let style = request.style
        let meter = style.meter
        let bpm = Int.random(in: style.tempo, using: &rng)
        let progression = style.progressions[Int.random(in: 0..<style.progressions.count, using: &rng)]
        let key = Key(tonic: Int.random(in: 0...11, using: &rng), mode: progression.mode)
        let quartersPerSecond = Double(bpm) * meter.quartersPerBeat / 60
        let barSeconds = meter.quartersPerBar / quartersPerSecond
        let bars = max(1, Int((request.seconds / barSeconds - 1e-9).rounded(.up)) + (request.exactBars ? 0 : 1))
        let contour = MelodyWriter.Contour.allCases[Int.random(in: 0..<MelodyWriter.Contour.allCases.count, using: &rng)]

        let cast = Casting.draw(style: style, kind: request.kind, featuredLead: request.featuredLead, rng: &rng)
        let mix = MixSettings.draw(style: style, rng: &rng)

        let timeline = ChordTimeline(progression: progression, key: key, bars: bars, quartersPerBar: meter.quartersPerBar)
        let lift = 0.05 * Double(style.energy - 1)
        var notes: [NoteEvent] = []

        let leadRange = MelodyWriter.range(span: style.melody.span, instrument: Instruments.instrument(cast.lead).range, rng: &rng)
        let melodyScale = Key(tonic: key.tonic, mode: progression.melodyMode ?? progression.mode).pitchClasses
        let melody = MelodyWriter(style: style, timeline: timeline, scale: melodyScale, range: leadRange, bars: bars,
                                  quartersPerBar: meter.quartersPerBar, beatQuarters: meter.quartersPerBeat, contour: contour)
        let lead = melody.write(channel: Part.lead.rawValue, velocity: 0.82 + lift, rng: &rng)
        notes += lead
        if style.echo {
            // A tape echo: each note again a dotted eighth and a dotted quarter later, fading.
            for (delay, gain) in [(0.75, 0.5), (1.5, 0.25)] {
                notes += lead.map { NoteEvent(channel: Part.echo.rawValue, key: $0.key, velocity: $0.velocity * gain,
                                              start: $0.start + delay, length: $0.length) }
            }
        }

        let comp = style.comps[Int.random(in: 0..<style.comps.count, using: &rng)]
        notes += ChordWriter(comp: comp, timeline: timeline, bars: bars, quartersPerBar: meter.quartersPerBar,
                             quartersPerSecond: quartersPerSecond, centre: compCentre(cast.comp))
            .write(channel: Part.comp.rawValue, velocity: 0.62 + lift)
        if let layerProgram = cast.layer, let layer = style.layer {
            notes += ChordWriter(comp: layer, timeline: timeline, bars: bars, quartersPerBar: meter.quartersPerBar,
                                 quartersPerSecond: quartersPerSecond, centre: compCentre(layerProgram) + 5)
                .write(channel: Part.layer.rawValue, velocity: 0.5 + lift)
        }
        if let bassProgram = cast.bass, !style.bass.isEmpty {
            let pattern = style.bass[Int.random(in: 0..<style.bass.count, using: &rng)]
            let range = Instruments.instrument(bassProgram).range
            notes += BassWriter(pattern: pattern, timeline: timeline, bars: bars, quartersPerBar: meter.quartersPerBar,
                                range: range.lowerBound...min(range.upperBound, range.lowerBound + 24))
                .write(channel: Part.bass.rawValue, velocity: 0.78 + lift, rng: &rng)
        }
        if let kit = cast.kit, !style.drums.isEmpty {
            let groove = style.drums[Int.random(in: 0..<style.drums.count, using: &rng)]
            notes += DrumWriter(groove: groove, fill: style.fill, kit: kit, bars: bars, quartersPerBar: meter.quartersPerBar,
                                beatQuarters: meter.quartersPerBeat)
                .write(velocity: 0.8 + lift, rng: &rng)
        }

        notes = perform(notes, swing: style.swing, humanizeMs: style.humanize, quartersPerSecond: quartersPerSecond, rng: &rng)

        let arrangement = Arrangement(
            style: style.id, bpm: bpm, meter: meter.name, tonic: key.tonic, mode: key.mode, lead: cast.lead, comp: cast.comp,
            layer: cast.layer, bass: cast.bass, drumKit: cast.kit?.rawValue, energy: style.energy, contour: contour.rawValue, bars: bars)
        let segment = ScoreSegment(arrangement: arrangement, meter: meter, key: key, mix: mix, notes: notes)
        return Composition(arrangement: arrangement, mix: mix, writtenSeconds: Double(bars) * barSeconds, segment: segment)
    }

    /// Several compositions played one after another as one MIDI file (tempo,
    /// meter and instruments change at each boundary): a continuous recording.
    public static func midi(joining compositions: [Composition]) -> MIDIFile {
        ScoreSegment.midi(compositions.map(\.segment))
    }

    /// The register a chord instrument comps in: a little below the middle of its range.
    private static func compCentre(_ program: Int) -> Int {
        let r = Instruments.instrument(program).range
        return min(max((r.lowerBound + r.upperBound) / 2 - 3, 52), 67)
    }

    /// Swing, then a player's imprecision: timing jitter and velocity spread.
    static func perform(_ notes: [NoteEvent], swing: Swing, humanizeMs: Double, quartersPerSecond: Double,
                        rng: inout SeededGenerator) -> [NoteEvent] {
        let sigma = humanizeMs / 1000 * quartersPerSecond
        let velocitySpread = humanizeMs > 0 ? 0.07 : 0.03
        return notes.map { note in
            var n = note
            let start = swing.apply(note.start), end = swing.apply(note.start + note.length)
            let drums = note.channel == GeneralMIDI.drumChannel
            n.start = max(0, start + Double(rng.nextNormal()) * sigma * (drums ? 0.6 : 1))
            n.length = max(end - start, 0.03)
            n.velocity = min(max(note.velocity * (1 + Double(rng.nextNormal()) * velocitySpread), 0.05), 1)
            return n
        }
    }
}

/// The instruments of one clip.
struct Casting {
    var lead: Int
    var comp: Int
    var layer: Int?
    var bass: Int?
    var kit: GeneralMIDI.Kit?

    /// Draws the instruments: mostly the style's own, sometimes borrowed from
    /// the general pools so that instruments are heard outside their usual
    /// genre; in the evaluator's corpus a fifth of the leads are benchmark instruments.
    static func draw(style: Style, kind: CorpusKind, featuredLead: Int?, rng: inout SeededGenerator) -> Casting {
        func pick(_ options: [Int], fallback: [Int]) -> Int {
            let allowed = options.filter { HoldOut.allows(program: $0, in: kind) }
            let pool = allowed.isEmpty ? fallback.filter { HoldOut.allows(program: $0, in: kind) } : allowed
            return pool[Int.random(in: 0..<pool.count, using: &rng)]
        }
        let borrow = rng.nextDouble() < style.borrowChance
        let featureBenchmark = kind == .evaluator && rng.nextDouble() < 0.2
        let benchmarkPrograms = HoldOut.concepts.compactMap(\.program)
        let lead = featuredLead ?? (featureBenchmark ? pick(benchmarkPrograms, fallback: Instruments.leadPool)
            : pick(borrow ? Instruments.leadPool : style.leads, fallback: Instruments.leadPool))
        let comp = pick(rng.nextDouble() < 0.15 ? Instruments.compPool : style.compPrograms, fallback: Instruments.compPool)
        let layer: Int? = style.layer != nil && rng.nextDouble() < style.layerChance
            ? pick(style.layerPrograms, fallback: Instruments.compPool) : nil
        let bass: Int? = !style.bass.isEmpty && rng.nextDouble() < style.bassChance
            ? pick(rng.nextDouble() < 0.1 ? Instruments.bassPool : style.bassPrograms, fallback: Instruments.bassPool) : nil
        let kit: GeneralMIDI.Kit? = !style.drums.isEmpty && rng.nextDouble() < style.drumChance
            ? style.kits[Int.random(in: 0..<style.kits.count, using: &rng)] : nil
        return Casting(lead: lead, comp: comp, layer: layer, bass: bass, kit: kit)
    }
}
