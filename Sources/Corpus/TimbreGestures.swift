import Engine

/// The ways a timbre clip plays its instrument: dynamics from pianissimo to
/// fortissimo, short and long notes, chords, legato lines and fast repeats,
/// and for drum kits single hits, rolls and a groove. A codec that has heard
/// these has heard the attacks, sustains, releases and densities of the sound.
public enum TimbreGesture: String, Sendable, Codable, CaseIterable {
    case staccato, sustained, chord, legato, repeated
    case hits, roll, groove

    public static let melodic: [TimbreGesture] = [.staccato, .sustained, .chord, .legato, .repeated]
    public static let drums: [TimbreGesture] = [.hits, .roll, .groove]

    /// MIDI velocities from pp to fff.
    static let dynamics = [20, 36, 52, 68, 84, 100, 116, 127]

    /// Notes a clip plays, in seconds.
    struct Note: Sendable {
        var key: Int
        var velocity: Int
        var start: Double
        var length: Double
    }

    /// This gesture's notes from `start` within `keys` (melodic window) or `drumKeys`; returns the notes and where it ends.
    func write(at start: Double, keys: ClosedRange<Int>, drumKeys: [Int], rng: inout SeededGenerator) -> (notes: [Note], end: Double) {
        func dynamic() -> Int { Self.dynamics[Int.random(in: 0..<Self.dynamics.count, using: &rng)] }
        func u(_ r: ClosedRange<Double>) -> Double { r.lowerBound + (r.upperBound - r.lowerBound) * rng.nextDouble() }
        let scales: [[Int]] = [[0, 2, 4, 5, 7, 9, 11], [0, 2, 3, 5, 7, 8, 10], [0, 2, 4, 7, 9], Array(0..<12), [0, 1, 4, 5, 7, 8, 10]]
        let scale = scales[Int.random(in: 0..<scales.count, using: &rng)]
        let tonic = Int.random(in: 0...11, using: &rng)
        // Keys of the scale inside the register window.
        let inScale = keys.filter { scale.contains(($0 - tonic + 120) % 12) }
        let pool = inScale.isEmpty ? Array(keys) : inScale
        var notes: [Note] = []
        var t = start
        switch self {
        case .staccato:
            let count = Int.random(in: 6...10, using: &rng), step = u(0.16...0.3)
            let (from, to) = (dynamic(), dynamic())
            var i = Int.random(in: 0..<pool.count, using: &rng)
            let direction = rng.nextDouble() < 0.5 ? 1 : -1
            for n in 0..<count {
                let v = from + (to - from) * n / max(count - 1, 1)
                notes.append(Note(key: pool[i], velocity: v, start: t, length: step * u(0.25...0.45)))
                i = (i + direction + pool.count) % pool.count
                t += step
            }
        case .sustained:
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                let length = u(1.2...2.4)
                notes.append(Note(key: pool[Int.random(in: 0..<pool.count, using: &rng)], velocity: dynamic(), start: t, length: length))
                t += length + 0.1
            }
        case .chord:
            let shapes: [[Int]] = [[0, 4, 7], [0, 3, 7], [0, 4, 7, 10], [0, 5, 7], [0, 7, 12], [0, 2, 3], [0, 4, 7, 11, 14]]
            for _ in 0..<Int.random(in: 2...3, using: &rng) {
                let shape = shapes[Int.random(in: 0..<shapes.count, using: &rng)]
                let root = Int.random(in: keys.lowerBound...max(keys.lowerBound, keys.upperBound - 7), using: &rng)
                let length = u(0.7...1.4), v = dynamic()
                for interval in shape where root + interval <= 108 {
                    notes.append(Note(key: root + interval, velocity: v, start: t, length: length))
                }
                t += length + 0.05
            }
        case .legato:
            var i = Int.random(in: 0..<pool.count, using: &rng)
            let v = dynamic()
            for _ in 0..<Int.random(in: 5...8, using: &rng) {
                let step = u(0.25...0.45)
                // Each note reaches just past the next one's start: no gap between them.
                notes.append(Note(key: pool[i], velocity: min(127, max(1, v + Int.random(in: -8...8, using: &rng))), start: t, length: step * 1.05))
                i = min(max(i + Int.random(in: -2...2, using: &rng), 0), pool.count - 1)
                t += step
            }
        case .repeated:
            let key = pool[Int.random(in: 0..<pool.count, using: &rng)]
            let step = u(0.08...0.14), accent = Int.random(in: 3...4, using: &rng), v = dynamic()
            for n in 0..<Int.random(in: 6...12, using: &rng) {
                notes.append(Note(key: key, velocity: n % accent == 0 ? min(127, v + 24) : v, start: t, length: step * 0.6))
                t += step
            }
        case .hits:
            let offset = Int.random(in: 0..<drumKeys.count, using: &rng)
            for n in 0..<min(8, drumKeys.count) {
                let key = drumKeys[(offset + n) % drumKeys.count]
                for v in [dynamic(), dynamic()] {
                    notes.append(Note(key: key, velocity: v, start: t, length: 0.1))
                    t += u(0.22...0.36)
                }
            }
        case .roll:
            let key = drumKeys[Int.random(in: 0..<drumKeys.count, using: &rng)]
            let count = Int.random(in: 10...16, using: &rng), step = u(0.055...0.1)
            let (from, to) = (Self.dynamics[1], Self.dynamics[6])
            for n in 0..<count {
                notes.append(Note(key: key, velocity: from + (to - from) * n / (count - 1), start: t, length: 0.05))
                t += step
            }
        case .groove:
            let beat = 60 / u(90...140), extra = drumKeys[Int.random(in: 0..<drumKeys.count, using: &rng)]
            for eighth in 0..<16 {
                let at = t + Double(eighth) * beat / 2
                notes.append(Note(key: 42, velocity: eighth % 2 == 0 ? 84 : 60, start: at, length: 0.05))
                if eighth % 4 == 0 { notes.append(Note(key: 36, velocity: 100, start: at, length: 0.1)) }
                if eighth % 4 == 2 { notes.append(Note(key: 38, velocity: 96, start: at, length: 0.1)) }
                if eighth % 8 == 7 { notes.append(Note(key: extra, velocity: dynamic(), start: at, length: 0.1)) }
            }
            t += 8 * beat
        }
        return (notes, t)
    }
}
