/// Meters, step patterns and swing: the time grid of the music writer.

/// A time signature and how its beats are counted.
public struct Meter: Sendable, Codable, Hashable {
    public var numerator: Int
    public var denominator: Int

    public static let common = Meter(numerator: 4, denominator: 4)
    public static let twoFour = Meter(numerator: 2, denominator: 4)
    public static let threeFour = Meter(numerator: 3, denominator: 4)
    public static let sixEight = Meter(numerator: 6, denominator: 8)
    public static let twelveEight = Meter(numerator: 12, denominator: 8)

    /// Compound meters (6/8, 12/8) count dotted quarters.
    public var isCompound: Bool { denominator == 8 && numerator % 3 == 0 && numerator > 3 }
    /// Beats a listener counts in one bar; tempo (bpm) counts these.
    public var beatsPerBar: Int { isCompound ? numerator / 3 : numerator }
    /// Quarter notes in one bar.
    public var quartersPerBar: Double { Double(numerator) * 4 / Double(denominator) }
    /// Quarter notes in one counted beat (1, or 1.5 for compound meters).
    public var quartersPerBeat: Double { quartersPerBar / Double(beatsPerBar) }
    /// "4/4".
    public var name: String { "\(numerator)/\(denominator)" }
}

/// One struck step of a pattern.
public struct Hit: Sendable, Hashable {
    /// Start within the bar, as a fraction of the bar.
    public var position: Double
    /// Length as a fraction of the bar (the step and any `-` ties after it).
    public var length: Double
    /// The character that struck it (`x`, `X`, `o`, a bass degree, a strum direction…).
    public var symbol: Character
}

/// A rhythm written as characters on a step grid, one string per bar, bars
/// separated by `|`: `x` a hit, `X` an accent, `o` a ghost note, `.` a rest,
/// `-` holds the previous hit. Other characters are hits whose meaning the
/// part decides (bass degrees `R 3 5 8`, strums `D d u`). The grid of each bar
/// is its own length, so "x.x.x.x." and "x...x...x...x..." share a meter.
public struct StepPattern: Sendable, Hashable, ExpressibleByStringLiteral {
    public let text: String
    public let bars: [[Hit]]

    public init(_ text: String) {
        self.text = text
        bars = text.split(separator: "|", omittingEmptySubsequences: false).map { bar in
            let steps = Array(bar.filter { $0 != " " })
            let n = Double(max(steps.count, 1))
            var hits: [Hit] = []
            for (i, c) in steps.enumerated() where c != "." && c != "-" {
                var ties = 0
                while i + 1 + ties < steps.count && steps[i + 1 + ties] == "-" { ties += 1 }
                hits.append(Hit(position: Double(i) / n, length: Double(1 + ties) / n, symbol: c))
            }
            return hits
        }
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// Hits of bar `index` (patterns of several bars cycle).
    public func hits(bar index: Int) -> [Hit] { bars.isEmpty ? [] : bars[index % bars.count] }

    /// Velocity factor of a hit's symbol: accents loud, ghosts soft.
    static func accent(_ symbol: Character) -> Double {
        switch symbol {
        case "X", "D", "U": return 1.0
        case "o": return 0.45
        case "u": return 0.62
        default: return 0.8
        }
    }
}

/// Swing as a time warp: within each pair of `unit`s the first is lengthened to
/// `ratio` of the pair (0.5 straight, 0.67 triplet feel) and the second shortened,
/// so onsets and note ends of every part move together.
public struct Swing: Sendable, Codable, Hashable {
    /// Length of the swung unit in quarter notes (0.5 for eighths, 0.25 for sixteenths).
    public var unit: Double
    /// Share of the pair taken by its first unit.
    public var ratio: Double

    public static let straight = Swing(unit: 0.5, ratio: 0.5)

    public init(unit: Double, ratio: Double) {
        self.unit = unit
        self.ratio = min(max(ratio, 0.5), 0.75)
    }

    /// Maps a straight time in quarter notes to its swung time.
    public func apply(_ quarters: Double) -> Double {
        guard ratio != 0.5 else { return quarters }
        let pair = 2 * unit
        let k = (quarters / pair).rounded(.down)
        let x = quarters - k * pair
        let warped = x < unit ? x * (ratio * pair) / unit : ratio * pair + (x - unit) * ((1 - ratio) * pair) / unit
        return k * pair + warped
    }
}
