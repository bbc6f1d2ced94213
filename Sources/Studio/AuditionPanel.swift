import Foundation

/// Generated clips: prompt, seed, scores, star; playback position and level; the selected clip's spectrogram.
enum AuditionPanel {
    enum Command: Sendable { case play, next, previous, compare, regenerate, keep, delete, evaluate }

    static let keys: [KeyBinding<Command>] = [
        KeyBinding([.char(" ")], "␣", "play/stop", .play),
        KeyBinding([.char("n"), .down, .char("j")], "n", "next", .next),
        KeyBinding([.char("p"), .up], "p", "previous", .previous),
        KeyBinding([.char("a")], "a", "A/B against the reference", .compare),
        KeyBinding([.char("r")], "r", "regenerate (new seed)", .regenerate),
        KeyBinding([.char("k")], "k", "keep ★", .keep),
        KeyBinding([.char("d"), .delete], "d", "delete", .delete),
        KeyBinding([.char("v")], "v", "evaluate", .evaluate),
    ]

    static func draw(_ s: StudioState, in r: Rect, grid g: inout Grid) {
        guard !s.clips.isEmpty else {
            g.text("No clips yet.", in: r, row: 0, indent: 1)
            g.text("Write a prompt in Prompt (4) and press Enter.", in: r, row: 2, role: .dim, indent: 1)
            if let p = s.playback { playback(p, s, in: r, row: r.height - 2, grid: &g) }
            g.text(keys.footer(), in: r, row: r.height - 1, role: .key, indent: 1)
            return
        }
        let spectroRows = r.height >= 16 ? 6 : (r.height >= 12 ? 3 : 0)
        let listRows = max(1, r.height - 3 - spectroRows)
        let first = max(0, min(s.selectedClip - listRows + 1, s.clips.count - listRows))
        for (i, c) in s.clips.enumerated().dropFirst(first).prefix(listRows) {
            let aa = c.audioAlignment.isEmpty ? "" : " AA " + c.audioAlignment.sorted { $0.key < $1.key }.map { Format.score($0.value) }.joined(separator: "/")
            let line = "\(c.starred ? "★" : " ") seed \(c.seed) \(Format.seconds(c.seconds))\(aa)  \(c.prompt)"
            let row = i - first
            let playing = s.playback?.path == c.path
            if i == s.selectedClip { g.fill(Rect(x: r.x, y: r.y + row, width: r.width, height: 1), role: .selected) }
            g.text((playing ? "▶" : " ") + line, in: r, row: row, role: i == s.selectedClip ? .selected : (c.starred ? .accent : .normal))
        }
        if spectroRows > 0, let c = s.selectedClipView, !c.spectrogram.isEmpty {
            spectrogram(c.spectrogram, in: Rect(x: r.x + 1, y: r.y + listRows + 1, width: r.width - 2, height: spectroRows), glyphs: s.glyphs, grid: &g)
        }
        if let p = s.playback { playback(p, s, in: r, row: r.height - 2, grid: &g) }
        else { g.text("not playing", in: r, row: r.height - 2, role: .dim, indent: 1) }
        g.text(keys.footer(), in: r, row: r.height - 1, role: .key, indent: 1)
    }

    /// "▶ label 0:03/0:08 ████──── ▮▮▮▯▯"
    static func playback(_ p: PlaybackView, _ s: StudioState, in r: Rect, row: Int, grid g: inout Grid) {
        let time = " \(Format.time(p.position))/\(Format.time(p.duration)) "
        let meterWidth = 10
        let barWidth = max(4, min(30, r.width / 3))
        let labelWidth = max(0, r.width - 2 - Grid.columns(time) - barWidth - meterWidth - 3)
        var x = r.x + 1
        x += g.put("▶ " + Format.pad(p.label, max(0, labelWidth - 2)), x: x, y: r.y + row, role: .accent, limit: labelWidth)
        x += g.put(time, x: x, y: r.y + row, role: .normal)
        let frac = p.duration > 0 ? p.position / p.duration : 0
        let filled = Plot.bar(frac, width: barWidth, glyphs: s.glyphs)
        g.put(filled, x: x, y: r.y + row, role: .meter, limit: barWidth)
        let rest = s.glyphs == .ascii ? "-" : "─"
        g.put(String(repeating: rest, count: max(0, barWidth - Grid.columns(filled))), x: x + Grid.columns(filled), y: r.y + row, role: .dim)
        x += barWidth + 1
        // Level in dB, −48…0, as a segment meter.
        let db = 20 * log10(max(p.level, 1e-6))
        let lit = Int(((db + 48) / 48 * Double(meterWidth)).rounded())
        for i in 0..<meterWidth {
            let on = i < lit
            let role: Role = !on ? .dim : (i >= meterWidth - 2 ? .bad : (i >= meterWidth - 4 ? .warn : .good))
            g[x + i, r.y + row] = Cell(char: s.glyphs == .ascii ? (on ? "|" : ".") : (on ? "▮" : "▯"), role: role)
        }
    }

    /// Log-mel intensity (0…1 per cell), high frequencies at the top.
    static func spectrogram(_ rows: [[Float]], in r: Rect, glyphs: Glyphs, grid g: inout Grid) {
        guard !r.isEmpty, let frames = rows.first?.count, frames > 0 else { return }
        let shades: [Character] = glyphs == .ascii ? [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"] : [" ", "░", "░", "▒", "▒", "▓", "▓", "█", "█", "█"]
        for y in 0..<r.height {
            let band = rows.count - 1 - y * rows.count / r.height
            for x in 0..<r.width {
                let f = x * frames / r.width
                let v = rows[max(0, band)][f]
                let k = min(shades.count - 1, max(0, Int(v * Float(shades.count - 1))))
                g[r.x + x, r.y + y] = Cell(char: shades[k], role: k >= 7 ? .accent : .meter)
            }
        }
    }
}
