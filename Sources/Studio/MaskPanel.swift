import Foundation

/// Δ_M = |1 − M_V*| of mask training: its histogram with the P % threshold, and pivotal entries per layer.
enum MaskPanel {
    static func draw(_ s: StudioState, in r: Rect, grid g: inout Grid) {
        guard let m = s.mask else {
            if s.maskNotNeeded {
                g.text("No mask: a concept at P = 100 % trains every entry.", in: r, row: 0, indent: 1)
                g.text("A genre learns so by default; its groove needs most of the U-Net.", in: r, row: 1, role: .dim, indent: 1)
            } else {
                g.text("No mask yet: DreamStyler learns one before tuning.", in: r, row: 0, indent: 1)
                g.text("Its variation picks the pivotal entries: the top P % of the U-Net's weights.", in: r, row: 1, role: .dim, indent: 1)
            }
            return
        }
        let total = m.perLayer.reduce(0) { $0 + $1.1 }
        g.text("Δ_M histogram · P = \(Format.number(m.percent)) % · " + String(format: "threshold %.2e · max %.2e · %d pivotal", m.threshold, m.maximum, total),
               in: r, row: 0, role: .title, indent: 1)
        let layers = min(m.perLayer.count, max(0, (r.height - 3) / 2))
        let histHeight = max(2, r.height - 3 - layers)
        let hist = Rect(x: r.x + 1, y: r.y + 1, width: r.width - 2, height: histHeight)
        let binWidth = m.maximum / Double(max(m.histogram.count, 1))
        Plot.columns(m.histogram, in: hist, grid: &g, glyphs: s.glyphs, role: .raw,
                     highlight: { Double($0 + 1) * binWidth > m.threshold }, highlightRole: .threshold)
        // The threshold marked under its bin.
        let perColumn = max(1, Int((Double(m.histogram.count) / Double(hist.width)).rounded(.up)))
        let bin = binWidth > 0 ? min(m.histogram.count - 1, Int(m.threshold / binWidth)) : 0
        let col = min(hist.width - 1, bin / perColumn)
        g.put("▲ top \(Format.number(m.percent)) %", x: hist.x + min(col, max(0, hist.width - 12)), y: hist.y + hist.height, role: .threshold)
        let top = m.perLayer.map(\.1).max() ?? 1
        let nameWidth = min(24, max(8, r.width / 3))
        for (i, (name, n)) in m.perLayer.prefix(layers).enumerated() {
            let y = hist.y + hist.height + 1 + i
            let short = name.replacingOccurrences(of: ".attn1.to_v.weight", with: "").replacingOccurrences(of: "transformer", with: "tf")
            g.put(Grid.clip(short, to: nameWidth), x: r.x + 1, y: y, role: .dim, limit: nameWidth)
            let barWidth = max(0, r.width - nameWidth - 10)
            g.put(Plot.bar(Double(n) / Double(max(top, 1)), width: barWidth, glyphs: s.glyphs), x: r.x + 2 + nameWidth, y: y, role: .meter, limit: barWidth)
            g.put(String(n), x: r.x + r.width - 7, y: y, role: .normal, limit: 7)
        }
    }
}
