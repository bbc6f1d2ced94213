/// A Standard MIDI File (format 1) built in memory and serialised to bytes.
///
/// Track 0 of a format-1 file carries the conductor events (tempo, meter, key);
/// each instrument part gets a track of its own so that a MIDI editor shows
/// the arrangement as it was written. Events at the same tick are ordered
/// meta → controller/program → note-off → note-on, so a repeated pitch is
/// released before it is struck again.
public struct MIDIFile: Sendable, Equatable {
    /// Pulses per quarter note. 960 gives sub-millisecond humanisation at any corpus tempo.
    public var ticksPerQuarter: Int
    public var tracks: [MIDITrack]

    public init(ticksPerQuarter: Int = 960, tracks: [MIDITrack] = []) {
        self.ticksPerQuarter = ticksPerQuarter
        self.tracks = tracks
    }

    /// MIDI's variable-length encoding of `value` (7 bits a byte, most significant first).
    public static func variableLengthQuantity(_ value: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.appendVariableLength(value)
        return out
    }

    /// The file's bytes: an `MThd` chunk and one `MTrk` chunk per track.
    public func data() -> [UInt8] {
        var out: [UInt8] = Array("MThd".utf8)
        out.appendBigEndian(UInt32(6))
        out.appendBigEndian(UInt16(1))  // format 1: simultaneous tracks
        out.appendBigEndian(UInt16(tracks.count))
        out.appendBigEndian(UInt16(ticksPerQuarter))
        for track in tracks {
            let body = track.encoded()
            out += Array("MTrk".utf8)
            out.appendBigEndian(UInt32(body.count))
            out += body
        }
        return out
    }
}

/// One track: a name and its events at absolute tick positions.
public struct MIDITrack: Sendable, Equatable {
    public var name: String
    public var events: [MIDIEvent]

    public init(name: String, events: [MIDIEvent] = []) {
        self.name = name
        self.events = events
    }

    /// The track's chunk body: delta-timed events, ending with End of Track.
    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.appendVariableLength(0)
        out += [0xFF, 0x03]
        let nameBytes = Array(name.utf8.prefix(127))
        out.appendVariableLength(nameBytes.count)
        out += nameBytes
        // A stable sort keeps the writer's order among events of equal rank.
        let sorted = events.enumerated().sorted {
            ($0.element.tick, $0.element.kind.rank, $0.offset) < ($1.element.tick, $1.element.kind.rank, $1.offset)
        }.map(\.element)
        var last = 0
        for event in sorted {
            let tick = max(event.tick, 0)
            out.appendVariableLength(tick - last)
            last = tick
            out += event.kind.bytes
        }
        out.appendVariableLength(0)
        out += [0xFF, 0x2F, 0x00]
        return out
    }
}

/// A timed MIDI event.
public struct MIDIEvent: Sendable, Equatable {
    public var tick: Int
    public var kind: Kind

    public init(tick: Int, _ kind: Kind) {
        self.tick = tick
        self.kind = kind
    }

    /// The events this writer uses. Channels are 0-based (channel 9 is General MIDI percussion).
    public enum Kind: Sendable, Equatable {
        case noteOn(channel: Int, key: Int, velocity: Int)
        case noteOff(channel: Int, key: Int)
        case programChange(channel: Int, program: Int)
        case controlChange(channel: Int, controller: Int, value: Int)
        /// Microseconds per quarter note.
        case tempo(microsecondsPerQuarter: Int)
        /// `denominator` is the note value (4, 8); the file stores its base-2 logarithm.
        case timeSignature(numerator: Int, denominator: Int)
        /// `sharps` is −7…7 (negative for flats).
        case keySignature(sharps: Int, minor: Bool)

        var rank: Int {
            switch self {
            case .tempo, .timeSignature, .keySignature: return 0
            case .programChange, .controlChange: return 1
            case .noteOff: return 2
            case .noteOn: return 3
            }
        }

        var bytes: [UInt8] {
            func b(_ v: Int) -> UInt8 { UInt8(clamping: v) }
            func d7(_ v: Int) -> UInt8 { UInt8(min(max(v, 0), 127)) }
            switch self {
            case .noteOn(let c, let k, let v): return [0x90 | b(c & 15), d7(k), UInt8(min(max(v, 1), 127))]
            case .noteOff(let c, let k): return [0x80 | b(c & 15), d7(k), 64]
            case .programChange(let c, let p): return [0xC0 | b(c & 15), d7(p)]
            case .controlChange(let c, let n, let v): return [0xB0 | b(c & 15), d7(n), d7(v)]
            case .tempo(let us):
                let u = min(max(us, 1), 0xFF_FFFF)
                return [0xFF, 0x51, 0x03, b(u >> 16), b((u >> 8) & 0xFF), b(u & 0xFF)]
            case .timeSignature(let n, let d):
                let log2d = max(0, Int.bitWidth - 1 - d.leadingZeroBitCount)
                // 24 MIDI clocks per metronome click, 8 thirty-seconds per quarter (the usual values).
                return [0xFF, 0x58, 0x04, b(n), b(log2d), 24, 8]
            case .keySignature(let s, let minor):
                return [0xFF, 0x59, 0x02, UInt8(bitPattern: Int8(clamping: s)), minor ? 1 : 0]
            }
        }
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.bigEndian) { append(contentsOf: $0) }
    }

    /// MIDI's variable-length quantity: 7 bits per byte, high bit set on all but the last.
    mutating func appendVariableLength(_ value: Int) {
        var v = UInt32(clamping: Swift.max(value, 0)) & 0x0FFF_FFFF
        var stack: [UInt8] = [UInt8(v & 0x7F)]
        v >>= 7
        while v > 0 {
            stack.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        append(contentsOf: stack.reversed())
    }
}
