import Foundation

/// Per-concept Audio Alignment bars, ΔAudio Alignment and Text Alignment; how the concept classifier
/// heard the clips; the benchmark's method comparison.
enum AlignmentPanel {
    enum Command: Sendable { case evaluate }

    static let keys: [KeyBinding<Command>] = [
        KeyBinding([.char("v")], "v", "evaluate the selected clip's (or concept's) concepts", .evaluate),
    ]

    static func draw(_ s: StudioState, in r: Rect, grid g: inout Grid) {
        guard let a = s.alignment else {
            g.text("No scores yet.", in: r, row: 0, indent: 1)
            g.text("v scores the selected clip's concepts with the paper's protocol:", in: r, row: 2, role: .dim, indent: 1)
            g.text("Audio Alignment to each reference, Text Alignment to the prompt.", in: r, row: 3, role: .dim, indent: 1)
            return
        }
        g.text(a.concepts.map { "<\($0)>" }.joined(separator: " ") + " — " + a.samples, in: r, row: 0, role: .title, indent: 1)
        let nameWidth = min(16, max(6, (a.concepts.map(\.count).max() ?? 4) + 5))
        let barWidth = max(4, r.width - nameWidth - 10)
        var row = 1
        // Scores are cosines ×100; bars span −20…60, where this evaluator's scores live.
        func bar(_ label: String, _ v: Double, _ role: Role) {
            guard row < r.height - 1 else { return }
            g.put(Format.pad(label, nameWidth), x: r.x + 1, y: r.y + row, role: .normal, limit: nameWidth)
            g.put(Plot.bar((v + 20) / 80, width: barWidth, glyphs: s.glyphs), x: r.x + 2 + nameWidth, y: r.y + row, role: role, limit: barWidth)
            g.put(Format.score(v), x: r.x + r.width - 7, y: r.y + row, role: .normal, limit: 6)
            row += 1
        }
        for c in a.concepts { if let v = a.audioAlignment[c] { bar("AA <\(c)>", v, .meter) } }
        if let d = a.deltaAudioAlignment {
            g.text("ΔAudio Alignment " + Format.score(d) + "  (spread between concepts; lower is better)", in: r, row: row, role: d < 5 ? .good : .warn, indent: 1)
            row += 1
        }
        bar("TA", a.textAlignment, .accent)
        for c in a.concepts where row < r.height - 1 {
            guard let h = a.recognition[c] else { continue }
            g.text("recognised <\(c)> " + percent(h.share) + " of clips · mean P(concept) " + String(format: "%.2f", h.meanProbability),
                   in: r, row: row, indent: 1)
            row += 1
        }
        if let why = a.unclassified, row < r.height - 1 {
            g.text("not classified: " + why, in: r, row: row, role: .dim, indent: 1)
            row += 1
        }
        if !a.methods.isEmpty && row + 2 < r.height {
            row += 1
            g.text("benchmark:  method · TA · AA · recognised", in: r, row: row, role: .dim, indent: 1)
            row += 1
            for (m, ta, aa, heard) in a.methods where row < r.height - 1 {
                g.text(Format.pad(m, 20) + " " + Format.pad(Format.score(ta), 6, right: true) + " " + Format.pad(Format.score(aa), 6, right: true)
                       + " " + Format.pad(heard.map(percent) ?? "–", 6, right: true), in: r, row: row, indent: 1)
                row += 1
            }
        }
        g.text(keys.footer(), in: r, row: r.height - 1, role: .key, indent: 1)
    }

    static func percent(_ share: Double) -> String { String(format: "%.0f %%", 100 * share) }
}
