import Foundation

/// What the broad timbre corpus (`--kind gm`) plays: every preset of a
/// soundfont — the 128 General MIDI programs, its drum kits and its GS
/// variations — each in three registers. The codec and vocoder learn from it,
/// so it holds every sound, the benchmark instruments' included.
///
/// Clip `i` plays cell `i % cells.count`: the first `cells.count` clips cover
/// every cell once, and each further pass plays every cell again with new music
/// from its own seed. Cells go register by register (all presets in the middle
/// register, then low, then high), so even a short corpus has every program.
public struct TimbrePlan: Sendable, Equatable {
    public enum Register: String, Sendable, Codable, CaseIterable {
        case middle, low, high
    }

    public struct Cell: Sendable, Codable, Equatable {
        public var preset: SoundFontPreset
        public var register: Register
        /// Played as a drum kit: percussion keys and drum gestures.
        public var drums: Bool
    }

    public let cells: [Cell]

    /// The plan for a soundfont holding `presets` (any order; duplicates ignored).
    public init(presets: [SoundFontPreset]) {
        var seen: Set<[Int]> = []
        let unique = presets.sorted().filter { seen.insert([$0.bank, $0.program]).inserted }
        // General MIDI first (bank 0, then the kits), then the variations: the order a reader expects.
        let gm = unique.filter { $0.bank == 0 }, kits = unique.filter(\.isDrumKit)
        let variations = unique.filter { $0.bank != 0 && !$0.isDrumKit }
        let ordered = gm + kits + variations
        let drumFont = Self.isDrumSoundFont(unique)
        cells = Register.allCases.flatMap { register in
            ordered.map { Cell(preset: $0, register: register, drums: $0.isDrumKit || drumFont) }
        }
    }

    /// A drum-kit soundfont (AVL Drumkits: one kit in bank 0, "Black_Pearl_4pc"):
    /// no bank 128, a handful of presets, each named as a kit. Its presets are
    /// played as kits, on their own bank, with General MIDI percussion keys.
    static func isDrumSoundFont(_ presets: [SoundFontPreset]) -> Bool {
        guard !presets.isEmpty, presets.count <= 16, !presets.contains(where: \.isDrumKit) else { return false }
        return presets.allSatisfy { p in
            let name = p.name.lowercased()
            return name.contains("kit") || name.contains("drum") || name.range(of: #"\dpc$"#, options: .regularExpression) != nil
        }
    }

    /// The cell clip `index` plays, and which pass over the plan it belongs to.
    public func cell(for index: Int) -> (cell: Cell, pass: Int) {
        (cells[index % cells.count], index / cells.count)
    }

    /// GM programs (bank 0) the plan plays.
    public var programs: Set<Int> { Set(cells.filter { $0.preset.bank == 0 }.map(\.preset.program)) }

    /// GM programs missing from bank 0 of the soundfont: what a report should name.
    public var missingPrograms: [Int] { (0..<128).filter { !programs.contains($0) } }

    /// The MIDI keys a melodic register spans for `program`: around the low end,
    /// the middle and the high end of the instrument's natural range, reaching a
    /// little past it (players and arrangers do), within the piano's keys.
    public static func keys(program: Int, register: Register) -> ClosedRange<Int> {
        let range = Instruments.instrument(program).range
        let (lo, hi) = (range.lowerBound, range.upperBound)
        let mid = (lo + hi) / 2
        let window: ClosedRange<Int>
        switch register {
        case .low: window = (lo - 7)...(lo + 6)
        case .middle: window = (mid - 6)...(mid + 6)
        case .high: window = (hi - 6)...(hi + 7)
        }
        return max(window.lowerBound, 21)...min(window.upperBound, 108)
    }

    /// Percussion keys by register: kicks, toms and low hand drums; snares and
    /// mid percussion; cymbals, hi-hats, small percussion and the GS extras.
    /// Together they are every key from 27 to 87.
    public static func drumKeys(register: Register) -> [Int] {
        switch register {
        case .low: return [35, 36, 41, 43, 45, 47, 61, 64, 66, 68, 86, 87]
        case .middle: return [37, 38, 39, 40, 48, 50, 54, 56, 58, 60, 62, 63, 65, 67, 69, 70, 73, 74, 75, 76, 77, 78, 79]
        case .high: return [27, 28, 29, 30, 31, 32, 33, 34, 42, 44, 46, 49, 51, 52, 53, 55, 57, 59, 71, 72, 80, 81, 82, 83, 84, 85]
        }
    }
}
