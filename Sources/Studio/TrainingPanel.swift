import Foundation

/// The running learn: step, speed, ETA, learning rates, the loss curve (raw and smoothed), samples.
enum TrainingPanel {
    enum Command: Sendable { case stop, resume, logScale, playSample }

    static let keys: [KeyBinding<Command>] = [
        KeyBinding([.char("s")], "s", "stop", .stop),
        KeyBinding([.char("r")], "r", "resume", .resume),
        KeyBinding([.char("l")], "l", "log scale", .logScale),
        KeyBinding([.char(" ")], "␣", "play the newest sample", .playSample),
    ]

    static func draw(_ s: StudioState, in r: Rect, grid g: inout Grid) {
        let t = s.training
        guard !t.concepts.isEmpty else {
            g.text("No learn yet.", in: r, row: 0, indent: 1)
            g.text("In Concepts (1): a adds a concept, l learns it.", in: r, row: 2, role: .dim, indent: 1)
            if !s.learnSummary.isEmpty { g.text(s.learnSummary, in: r, row: 4, role: .dim, indent: 1) }
            return
        }
        let names = t.concepts.map { "<\($0)>" }.joined(separator: " ")
        let state = t.running ? (t.stopping ? "stopping…" : t.phase) : (t.outcome ?? t.phase)
        g.text("\(names) — \(state)", in: r, row: 0, role: .title, indent: 1)
        let pct = t.totalSteps > 0 ? Double(t.step) / Double(t.totalSteps) : 0
        var info = "step \(t.step)/\(t.totalSteps) (\(Int(pct * 100)) %)"
        if let sps = t.stepsPerSecond { info += String(format: "  %.2f steps/s", sps) }
        if let eta = t.eta, t.running { info += "  ETA \(Format.time(eta))" }
        g.text(info, in: r, row: 1, indent: 1)
        let barWidth = max(0, r.width - 2)
        g.put(Plot.bar(pct, width: barWidth, glyphs: s.glyphs), x: r.x + 1, y: r.y + 2, role: .meter, limit: barWidth)
        let raw = t.losses.map(\.loss)
        let smooth = Plot.smoothed(raw)
        var lossLine = String(format: "lr U-Net %.0e · tokens %.0e", t.learningRates.unet, t.learningRates.tokens)
        if let l = raw.last { lossLine += String(format: " · loss %.4f (smoothed %.4f)", l, smooth.last!) }
        if s.logScale { lossLine += " · log" }
        g.text(lossLine, in: r, row: 3, role: .dim, indent: 1)
        let footer = 2
        let plot = Rect(x: r.x + 8, y: r.y + 4, width: r.width - 9, height: r.height - 4 - footer)
        if plot.height >= 2 && plot.width >= 8 {
            if raw.count >= 2 {
                let pts = t.losses.map { (x: Double($0.step), y: $0.loss) }
                let sm = zip(t.losses, smooth).map { (x: Double($0.0.step), y: $0.1) }
                if let range = Plot.lines([(pts, .raw), (sm, .smooth)], in: plot, grid: &g, glyphs: s.glyphs, log: s.logScale) {
                    let label: (Double) -> String = { s.logScale ? String(format: "%.3f", pow(10, $0)) : String(format: "%.3f", $0) }
                    g.put(label(range.upperBound), x: r.x + 1, y: plot.y, role: .dim, limit: 7)
                    g.put(label(range.lowerBound), x: r.x + 1, y: plot.y + plot.height - 1, role: .dim, limit: 7)
                }
            } else {
                g.text("waiting for the first losses…", in: plot, row: plot.height / 2, role: .dim, indent: 1)
            }
        }
        let samples = t.samples.suffix(4).map { "step \($0.step)" }.joined(separator: " · ")
        g.text(samples.isEmpty ? "samples: none yet" : "samples: \(samples)  (␣ plays the newest)", in: r, row: r.height - 2, role: .dim, indent: 1)
        g.text(keys.footer(), in: r, row: r.height - 1, role: .key, indent: 1)
    }
}
