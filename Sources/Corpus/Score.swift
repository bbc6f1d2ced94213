/// A written piece in musical time, and its conversion to a Standard MIDI File.
struct ScoreSegment: Sendable {
    var arrangement: Arrangement
    var meter: Meter
    var key: Key
    var mix: MixSettings
    var notes: [NoteEvent]

    static let ticksPerQuarter = 960

    var quartersPerBar: Double { meter.quartersPerBar }
    var lengthInQuarters: Double { Double(arrangement.bars) * quartersPerBar }

    /// Programs by part for this segment (drum kit on the percussion channel).
    private var programs: [(Part, Int)] {
        var out: [(Part, Int)] = [(.lead, arrangement.lead), (.comp, arrangement.comp)]
        if let p = arrangement.layer { out.append((.layer, p)) }
        if let p = arrangement.bass { out.append((.bass, p)) }
        out.append((.echo, arrangement.lead))
        if let k = arrangement.drumKit { out.append((.drums, k)) }
        return out
    }

    /// One MIDI file playing `segments` back to back. Track 0 holds tempo,
    /// meter and key; each part has its own track, named for its instrument.
    static func midi(_ segments: [ScoreSegment]) -> MIDIFile {
        let tpq = ticksPerQuarter
        var conductor = MIDITrack(name: segments.first.map { Styles.named($0.arrangement.style)?.names.first ?? $0.arrangement.style } ?? "")
        var parts: [Part: MIDITrack] = [:]
        var offset = 0
        for segment in segments {
            let a = segment.arrangement
            let quartersPerMinute = Double(a.bpm) * segment.meter.quartersPerBeat
            conductor.events.append(MIDIEvent(tick: offset, .tempo(microsecondsPerQuarter: Int((60_000_000 / quartersPerMinute).rounded()))))
            conductor.events.append(MIDIEvent(tick: offset, .timeSignature(numerator: segment.meter.numerator, denominator: segment.meter.denominator)))
            conductor.events.append(MIDIEvent(tick: offset, .keySignature(sharps: segment.key.signatureSharps, minor: segment.key.mode.isMinor)))

            let volumes: [Part: Int] = [.lead: segment.mix.volumes[0], .comp: segment.mix.volumes[1], .layer: segment.mix.volumes[2],
                                        .bass: segment.mix.volumes[3], .echo: segment.mix.volumes[0] - 10, .drums: segment.mix.volumes[4]]
            for (part, program) in segment.programs {
                let ch = part.rawValue
                var track = parts[part] ?? MIDITrack(name: part == .drums
                    ? "drums"
                    : "\(part.name): \(GeneralMIDI.programNames[program])")
                if part != .drums { track.events.append(MIDIEvent(tick: offset, .controlChange(channel: ch, controller: 0, value: 0))) }
                track.events.append(MIDIEvent(tick: offset, .programChange(channel: ch, program: program)))
                track.events.append(MIDIEvent(tick: offset, .controlChange(channel: ch, controller: 7, value: volumes[part] ?? 100)))
                track.events.append(MIDIEvent(tick: offset, .controlChange(channel: ch, controller: 11, value: 127)))
                track.events.append(MIDIEvent(tick: offset, .controlChange(channel: ch, controller: 91, value: segment.mix.reverbSend)))
                track.events.append(MIDIEvent(tick: offset, .controlChange(channel: ch, controller: 93,
                                                                          value: part == .drums ? 0 : segment.mix.chorusSend)))
                parts[part] = track
            }

            let end = offset + Int((segment.lengthInQuarters * Double(tpq)).rounded())
            for (channelKey, group) in Dictionary(grouping: segment.notes, by: { $0.channel * 128 + $0.key }).sorted(by: { $0.key < $1.key }) {
                guard let part = Part(rawValue: channelKey / 128) else { continue }
                let sorted = group.sorted { $0.start < $1.start }
                for (i, note) in sorted.enumerated() {
                    let on = offset + Int((note.start * Double(tpq)).rounded())
                    var off = offset + Int(((note.start + note.length) * Double(tpq)).rounded())
                    // A note of a pitch ends before the same pitch is struck again on its channel, and inside its segment.
                    if i + 1 < sorted.count { off = min(off, offset + Int((sorted[i + 1].start * Double(tpq)).rounded())) }
                    off = min(off, end)
                    guard on < end, off > on else { continue }
                    let velocity = Int((note.velocity * 127).rounded())
                    parts[part, default: MIDITrack(name: part.name)].events.append(
                        MIDIEvent(tick: on, .noteOn(channel: note.channel, key: note.key, velocity: velocity)))
                    parts[part]!.events.append(MIDIEvent(tick: off, .noteOff(channel: note.channel, key: note.key)))
                }
            }
            offset = end
        }
        let ordered = Part.allCases.compactMap { parts[$0] }.filter { track in
            track.events.contains { if case .noteOn = $0.kind { return true } else { return false } }
        }
        return MIDIFile(ticksPerQuarter: tpq, tracks: [conductor] + ordered)
    }
}
