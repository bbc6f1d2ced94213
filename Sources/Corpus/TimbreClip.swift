import Engine

/// Clip `index` of a timbre corpus (`--kind gm`): one preset of the plan, in one
/// register, playing gestures drawn from the clip's seed; 8–12 seconds.
public struct TimbreClip: Sendable {
    public var index: Int
    public var seed: UInt64
    public var seconds: Double
    public var cell: TimbrePlan.Cell
    public var pass: Int

    /// Seed stream of the timbre corpus (the procedural corpora use 1 and 2).
    static let stream: UInt64 = 5

    public init(index: Int, corpusSeed: UInt64, plan: TimbrePlan) {
        self.index = index
        seed = SeedMixer.derive(corpusSeed, Self.stream, UInt64(index))
        seconds = Self.seconds(seed: seed)
        (cell, pass) = plan.cell(for: index)
    }

    /// The clip's length: whole hundredths of a second from 8 to 12, from its seed alone,
    /// so a corpus's length in hours is known before the soundfont is loaded.
    static func seconds(seed: UInt64) -> Double {
        var rng = SeededGenerator(seed: seed)
        return (800 + Double(Int.random(in: 0...400, using: &rng))) / 100
    }

    /// Clips needed for `hours` of audio.
    public static func count(hours: Double, corpusSeed: UInt64) -> Int {
        var total = 0.0, n = 0
        while total < hours * 3600 {
            total += seconds(seed: SeedMixer.derive(corpusSeed, stream, UInt64(n)))
            n += 1
        }
        return n
    }

    /// The written clip: MIDI, the gestures in the order played, the mix and a caption.
    public func compose() -> (midi: MIDIFile, gestures: [TimbreGesture], mix: MixSettings, caption: String) {
        var rng = SeededGenerator(seed: SeedMixer.derive(seed, 3, 0))
        let preset = cell.preset
        let drums = cell.drums
        // Every clip has the core articulations, in a drawn order, then more until the clip is full.
        var gestures = drums ? TimbreGesture.drums : [.staccato, .sustained, .chord]
        gestures.shuffle(using: &rng)
        let extras = drums ? TimbreGesture.drums : TimbreGesture.melodic
        let keys = TimbrePlan.keys(program: preset.program, register: cell.register)
        let drumKeys = TimbrePlan.drumKeys(register: cell.register)
        let end = seconds - 0.5  // room for the last release inside the clip
        var notes: [TimbreGesture.Note] = []
        var played: [TimbreGesture] = []
        var t = 0.05
        var queue = gestures
        while t < end - 0.3 {
            let core = !queue.isEmpty
            let g = core ? queue.removeFirst() : extras[Int.random(in: 0..<extras.count, using: &rng)]
            // The core gestures share what time there is, so each of them is heard even in a short clip.
            let limit = core ? t + (end - 0.3 - t) / Double(queue.count + 1) : end - 0.1
            let (written, stop) = g.write(at: t, keys: keys, drumKeys: drumKeys, rng: &rng)
            let kept = written.filter { $0.start < limit }
            guard !kept.isEmpty else { break }
            notes += kept.map { var n = $0; n.length = min(n.length, max(limit, n.start + 0.05) - n.start, end - n.start); return n }
            played.append(g)
            t = min(stop, limit) + 0.15
        }
        let mix = Self.drawMix(rng: &rng)
        let caption = TimbreCaption.write(preset: preset, drums: drums, register: cell.register, gestures: played, rng: &rng)
        return (Self.midi(notes, preset: preset, mix: mix), played, mix, caption)
    }

    /// A room from dry to large, a little chorus at most, and a level: the recording varies, not the instrument.
    static func drawMix(rng: inout SeededGenerator) -> MixSettings {
        func u(_ r: ClosedRange<Double>) -> Double { r.lowerBound + (r.upperBound - r.lowerBound) * rng.nextDouble() }
        return MixSettings(reverbRoom: u(0.2...0.85), reverbDamping: u(0.1...0.6), reverbWidth: u(0.5...1.0), reverbLevel: u(0.3...0.9),
                           chorusVoices: Int.random(in: 3...5, using: &rng), chorusLevel: u(0.4...1.2), chorusSpeed: u(0.2...0.6),
                           chorusDepth: u(3...8), volumes: [100, 0, 0, 0, 100],
                           reverbSend: rng.nextDouble() < 0.3 ? 0 : Int.random(in: 10...70, using: &rng),
                           chorusSend: rng.nextDouble() < 0.7 ? 0 : Int.random(in: 10...40, using: &rng),
                           loudness: u(-24...(-16)))
    }

    /// One MIDI file: the preset selected by bank and program on one channel (the percussion channel for kits).
    static func midi(_ notes: [TimbreGesture.Note], preset: SoundFontPreset, mix: MixSettings) -> MIDIFile {
        let ticksPerSecond = 1920.0  // 960 ticks a quarter at 120 bpm
        let ch = preset.isDrumKit ? GeneralMIDI.drumChannel : 0
        var conductor = MIDITrack(name: preset.name)
        conductor.events.append(MIDIEvent(tick: 0, .tempo(microsecondsPerQuarter: 500_000)))
        conductor.events.append(MIDIEvent(tick: 0, .timeSignature(numerator: 4, denominator: 4)))
        var track = MIDITrack(name: preset.name)
        if !preset.isDrumKit { track.events.append(MIDIEvent(tick: 0, .controlChange(channel: ch, controller: 0, value: preset.bank))) }
        track.events.append(MIDIEvent(tick: 0, .programChange(channel: ch, program: preset.program)))
        track.events.append(MIDIEvent(tick: 0, .controlChange(channel: ch, controller: 7, value: 100)))
        track.events.append(MIDIEvent(tick: 0, .controlChange(channel: ch, controller: 91, value: mix.reverbSend)))
        track.events.append(MIDIEvent(tick: 0, .controlChange(channel: ch, controller: 93, value: mix.chorusSend)))
        // A pitch struck again ends before it sounds again on the channel.
        let byKey = Dictionary(grouping: notes, by: \.key)
        for (key, group) in byKey.sorted(by: { $0.key < $1.key }) {
            let sorted = group.sorted { $0.start < $1.start }
            for (i, note) in sorted.enumerated() {
                let on = Int((note.start * ticksPerSecond).rounded())
                var off = Int(((note.start + note.length) * ticksPerSecond).rounded())
                if i + 1 < sorted.count { off = min(off, Int((sorted[i + 1].start * ticksPerSecond).rounded())) }
                guard off > on else { continue }
                track.events.append(MIDIEvent(tick: on, .noteOn(channel: ch, key: key, velocity: note.velocity)))
                track.events.append(MIDIEvent(tick: off, .noteOff(channel: ch, key: key)))
            }
        }
        return MIDIFile(ticksPerQuarter: 960, tracks: [conductor, track])
    }
}

/// One line of a timbre corpus's `manifest.jsonl`.
public struct TimbreClipEntry: Sendable, Codable, Equatable {
    public var file: String
    public var caption: String
    public var seed: UInt64
    public var index: Int
    public var seconds: Double
    public var kind: CorpusKind
    public var bank: Int
    public var program: Int
    /// The soundfont's own name for the preset.
    public var preset: String
    public var register: TimbrePlan.Register
    public var pass: Int
    public var gestures: [TimbreGesture]
    public var mix: MixSettings
}
