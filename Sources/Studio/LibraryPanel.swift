/// Concepts with kind, tokens, reference length, method, status and scores.
enum LibraryPanel {
    enum Command: Sendable { case previous, next, add, learn, stop, rename, remove, export, use, playReference, evaluate }

    static let keys: [KeyBinding<Command>] = [
        KeyBinding([.up, .char("k")], "↑ k", "previous", .previous, footer: false),
        KeyBinding([.down, .char("j")], "↓ j", "next", .next, footer: false),
        KeyBinding([.char("a")], "a", "add", .add),
        KeyBinding([.char("l")], "l", "learn", .learn),
        KeyBinding([.char("s")], "s", "stop", .stop),
        KeyBinding([.char("R"), .function(2)], "R", "rename", .rename),
        KeyBinding([.char("x"), .delete], "x", "remove", .remove),
        KeyBinding([.char("e")], "e", "export", .export),
        KeyBinding([.enter], "⏎", "into the prompt", .use),
        KeyBinding([.char(" ")], "␣", "play the reference", .playReference),
        KeyBinding([.char("v")], "v", "evaluate", .evaluate),
    ]

    static func draw(_ s: StudioState, in r: Rect, grid g: inout Grid) {
        guard !s.concepts.isEmpty else {
            g.text("No concepts yet.", in: r, row: 0, indent: 1)
            g.text("a  adds one from reference audio (10 s or more),", in: r, row: 2, role: .dim, indent: 1)
            g.text("   e.g.  koto instrument Samples/koto-train.flac", in: r, row: 3, role: .dim, indent: 1)
            return
        }
        let wide = r.width >= 66
        let header = wide ? row(["concept", "kind", "tok", "ref", "method", "status", "AA"]) : narrow(["concept", "kind", "status", "AA"])
        g.text(header, in: r, row: 0, role: .dim, indent: 1)
        let keysRow = r.height - 1
        let visible = max(0, keysRow - 1)
        let first = max(0, min(s.selectedConcept - visible + 1, s.concepts.count - visible))
        for (i, c) in s.concepts.enumerated().dropFirst(first).prefix(visible) {
            let aa = (c.quickScores ? "~" : "") + Format.score(c.scores["AA"])
            let line = wide
                ? row([c.name, c.kind, String(c.tokens), Format.seconds(c.referenceSeconds), c.method ?? "–", c.status, aa])
                : narrow([c.name, String(c.kind.prefix(4)), c.status, aa])
            let row = 1 + i - first
            if i == s.selectedConcept { g.fill(Rect(x: r.x, y: r.y + row, width: r.width, height: 1), role: .selected) }
            g.text(line, in: r, row: row, role: i == s.selectedConcept ? .selected : role(c.status), indent: 1)
        }
        g.text(keys.footer(), in: r, row: keysRow, role: .key, indent: 1)
    }

    static let widths = [14, 10, 3, 6, 18, 8, 5]
    static func row(_ f: [String]) -> String {
        zip(f, widths).enumerated().map { i, p in Format.pad(p.0, p.1, right: [2, 3, 6].contains(i)) }.joined(separator: " ")
    }
    static func narrow(_ f: [String]) -> String {
        zip(f, [12, 4, 8, 5]).enumerated().map { i, p in Format.pad(p.0, p.1, right: i == 3) }.joined(separator: " ")
    }

    static func role(_ status: String) -> Role {
        switch status {
        case "learned": return .good
        case "learning": return .accent
        case "failed": return .bad
        case "stopped": return .warn
        default: return .normal
        }
    }
}
