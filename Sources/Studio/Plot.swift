import Foundation

/// How curves and bars are drawn: Braille dots (2×4 per cell), half blocks (1×2), or plain ASCII.
public enum Glyphs: String, CaseIterable, Sendable {
    case braille, block, ascii
    public var next: Glyphs { Glyphs.allCases[(Glyphs.allCases.firstIndex(of: self)! + 1) % Glyphs.allCases.count] }
}

/// Line plots and bars drawn into a region of the grid.
public enum Plot {
    /// Dots per cell, horizontally and vertically.
    static func resolution(_ g: Glyphs) -> (Int, Int) {
        switch g { case .braille: return (2, 4); case .block: return (1, 2); case .ascii: return (1, 1) }
    }

    /// Draws each series (x: index over `xRange`, y: value) into `rect`, later series on top.
    /// Returns the y range drawn (after the log transform when `log`).
    @discardableResult
    public static func lines(_ series: [(points: [(x: Double, y: Double)], role: Role)], in rect: Rect, grid: inout Grid,
                             glyphs: Glyphs, log: Bool, xRange: ClosedRange<Double>? = nil) -> ClosedRange<Double>? {
        guard !rect.isEmpty else { return nil }
        let tf: (Double) -> Double = { log ? Foundation.log10(max($0, 1e-12)) : $0 }
        let all = series.flatMap { $0.points }.filter { $0.y.isFinite }
        guard !all.isEmpty else { return nil }
        var lo = all.map { tf($0.y) }.min()!, hi = all.map { tf($0.y) }.max()!
        if hi - lo < 1e-9 { lo -= 0.5; hi += 0.5 }
        let xs = xRange ?? (all.map(\.x).min()!...max(all.map(\.x).max()!, all.map(\.x).min()! + 1))
        let (dx, dy) = resolution(glyphs)
        let cols = rect.width * dx, rows = rect.height * dy
        // Per dot: the last series that lit it.
        var owner = [Int](repeating: -1, count: cols * rows)
        for (s, entry) in series.enumerated() {
            var previous: (Int, Int)?
            for p in entry.points where p.y.isFinite {
                let cx = Int(((p.x - xs.lowerBound) / (xs.upperBound - xs.lowerBound) * Double(cols - 1)).rounded())
                let cy = rows - 1 - Int(((tf(p.y) - lo) / (hi - lo) * Double(rows - 1)).rounded())
                let x = min(max(cx, 0), cols - 1), y = min(max(cy, 0), rows - 1)
                // Join to the previous point with a straight run of dots, so the curve stays connected.
                if let (px, py) = previous {
                    let steps = max(abs(x - px), abs(y - py))
                    for k in 0...steps {
                        let ix = px + (x - px) * k / max(steps, 1), iy = py + (y - py) * k / max(steps, 1)
                        owner[iy * cols + ix] = s
                    }
                }
                owner[y * cols + x] = s
                previous = (x, y)
            }
        }
        for cy in 0..<rect.height {
            for cx in 0..<rect.width {
                var bits = 0, top = -1
                for j in 0..<dy {
                    for i in 0..<dx {
                        let o = owner[(cy * dy + j) * cols + cx * dx + i]
                        if o >= 0 { bits |= 1 << (j * dx + i); top = max(top, o) }
                    }
                }
                guard top >= 0 else { continue }
                grid[rect.x + cx, rect.y + cy] = Cell(char: glyph(bits, glyphs, series: top), role: series[top].role)
            }
        }
        return lo...hi
    }

    static func glyph(_ bits: Int, _ g: Glyphs, series: Int) -> Character {
        switch g {
        case .braille:
            // Dot (i, j) → Braille bit: columns 0/1, rows 0–3 (U+2800 layout).
            let map = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
            var v = 0
            for j in 0..<4 { for i in 0..<2 where bits & (1 << (j * 2 + i)) != 0 { v |= map[j][i] } }
            return Character(Unicode.Scalar(0x2800 + v)!)
        case .block:
            switch bits { case 1: return "▀"; case 2: return "▄"; default: return "█" }
        case .ascii:
            return series == 0 ? "." : "*"
        }
    }

    /// A horizontal bar of `fraction` (0…1) of `width` columns.
    public static func bar(_ fraction: Double, width: Int, glyphs: Glyphs) -> String {
        let f = min(max(fraction.isFinite ? fraction : 0, 0), 1)
        guard width > 0 else { return "" }
        if glyphs == .ascii { return String(repeating: "#", count: Int((f * Double(width)).rounded())) }
        let eighths = Int((f * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    /// Vertical bars (a histogram) of `values` across `rect`, one column per bin (bins merged to fit).
    public static func columns(_ values: [Int], in rect: Rect, grid: inout Grid, glyphs: Glyphs, role: Role, highlight: (Int) -> Bool = { _ in false },
                               highlightRole: Role = .accent) {
        guard !rect.isEmpty, !values.isEmpty else { return }
        let perColumn = max(1, Int((Double(values.count) / Double(rect.width)).rounded(.up)))
        let merged = stride(from: 0, to: values.count, by: perColumn).map { s in (s, values[s..<min(values.count, s + perColumn)].reduce(0, +)) }
        // Square root of counts: a mask's variation is heavy-tailed, the tail must stay visible.
        let top = sqrt(Double(merged.map(\.1).max() ?? 1))
        let levels: [Character] = glyphs == .ascii ? [" ", ".", ":", "|", "|", "|", "|", "|", "#"] : [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        for (c, (start, v)) in merged.enumerated() where c < rect.width {
            let h = top > 0 ? sqrt(Double(v)) / top * Double(rect.height * 8) : 0
            let eighths = Int(h.rounded())
            let role = highlight(start) ? highlightRole : role
            for r in 0..<rect.height {
                let fromBottom = rect.height - 1 - r
                let level = min(8, max(0, eighths - fromBottom * 8))
                if level > 0 || (v > 0 && fromBottom == 0) {
                    grid[rect.x + c, rect.y + r] = Cell(char: levels[max(level, 1)], role: role)
                }
            }
        }
    }

    /// Exponential smoothing, as trainers show it (fraction of the new value per point).
    public static func smoothed(_ v: [Double], weight: Double = 0.9) -> [Double] {
        var out: [Double] = []
        var s: Double?
        for x in v {
            s = s.map { weight * $0 + (1 - weight) * x } ?? x
            out.append(s!)
        }
        return out
    }
}
