import ConceptGrammar

/// The prompt line (identifiers coloured: known, unknown), completion, settings, generation progress.
enum PromptPanel {
    enum Command: Sendable { case accept, history, settings, complete, left, right, home, end, clear, backspace, delete, identifiers }

    static let keys: [KeyBinding<Command>] = [
        KeyBinding([.enter], "Enter", "generate", .accept),
        // `<` is text; listed because typing it opens the completion (Tab or Enter takes, ↑↓ choose).
        KeyBinding([], "<", "identifiers", .identifiers),
        KeyBinding([.up, .down], "↑↓", "history", .history),
        KeyBinding([.escape], "Esc", "settings", .settings),
        KeyBinding([.tab], "Tab", "complete, or next panel", .complete, footer: false),
        KeyBinding([.left], "←", "left", .left, footer: false),
        KeyBinding([.right], "→", "right", .right, footer: false),
        KeyBinding([.home, .ctrl("a")], "Home Ctrl-A", "start", .home, footer: false),
        KeyBinding([.end, .ctrl("e")], "End Ctrl-E", "end", .end, footer: false),
        KeyBinding([.ctrl("u")], "Ctrl-U", "clear", .clear, footer: false),
        KeyBinding([.backspace], "Backspace", "delete before", .backspace, footer: false),
        KeyBinding([.delete], "Del", "delete after", .delete, footer: false),
    ]

    enum SettingsCommand: Sendable { case previous, next, lower, raise, back, nextPanel }

    static let settingsKeys: [KeyBinding<SettingsCommand>] = [
        KeyBinding([.up, .char("k")], "↑ k", "previous", .previous),
        KeyBinding([.down, .char("j")], "↓ j", "next", .next),
        KeyBinding([.left, .char("h"), .char("-")], "← h -", "lower", .lower),
        KeyBinding([.right, .char("l"), .char("+"), .char("=")], "→ l +", "raise", .raise),
        KeyBinding([.escape, .enter], "Esc", "back to the prompt", .back),
        KeyBinding([.tab], "Tab", "next panel", .nextPanel, footer: false),
    ]

    static func draw(_ s: StudioState, in r: Rect, grid g: inout Grid) {
        let p = s.prompt
        let focused = s.focus == .prompt && !p.onSettings
        // The line, scrolled so the cursor stays visible.
        let room = max(4, r.width - 4)
        let start = focused ? max(0, p.cursor - room + 1) : 0
        let visible = Array(p.text.dropFirst(start).prefix(room))
        g.put(">", x: r.x + 1, y: r.y, role: .accent)
        let roles = identifierRoles(p.text, known: s.learnedNames)
        for (i, c) in visible.enumerated() {
            g[r.x + 3 + i, r.y] = Cell(char: c, role: roles[start + i])
        }
        if focused { g[r.x + 3 + p.cursor - start, r.y] = Cell(char: p.cursor < p.text.count ? p.text[p.cursor] : " ", role: .cursor) }
        if p.text.isEmpty && !focused { g.put("e.g. a calm evening song with <koto>", x: r.x + 3, y: r.y, role: .dim, limit: room) }
        var row = 1
        if !p.candidates.isEmpty {
            for (i, c) in p.candidates.prefix(5).enumerated() {
                g.text("<\(c)>", in: r, row: row, role: i == p.chosen ? .selected : .accent, indent: 3)
                row += 1
            }
        } else if let open = PromptReferences.open(in: p.text, cursor: p.cursor)?.query, s.learnedNames.isEmpty || !open.isEmpty {
            g.text(s.learnedNames.isEmpty ? "no learned concepts yet" : "no concept matches '\(open)'", in: r, row: row, role: .bad, indent: 3)
            row += 1
        }
        let unknown = PromptReferences.names(in: p.line).filter { !s.learnedNames.contains($0) }.map(ConceptName.reference)
            + PromptReferences.malformed(in: p.line)
        if !unknown.isEmpty && p.candidates.isEmpty {
            g.text("unknown: " + unknown.joined(separator: " "), in: r, row: row, role: .bad, indent: 3)
            row += 1
        }
        row = max(row, r.height - 5)
        // Settings, wrapped over two lines when narrow; the chosen one highlighted while editing them.
        var x = r.x + 1
        for (i, name) in GenerationChoice.names.enumerated() {
            let item = "\(name) \(p.settings.value(i))"
            if x + Grid.columns(item) >= r.x + r.width { row += 1; x = r.x + 1 }
            x += g.put(item, x: x, y: r.y + row, role: p.onSettings && p.setting == i ? .selected : .normal)
            if i < GenerationChoice.names.count - 1 { x += g.put(" · ", x: x, y: r.y + row, role: .dim) }
        }
        row = r.height - 3
        if let gen = p.generating {
            let frac = gen.total > 0 ? Double(gen.step) / Double(gen.total) : 0
            g.text("generating " + Plot.bar(frac, width: max(0, min(30, r.width - 24)), glyphs: s.glyphs) + " \(gen.step)/\(gen.total)",
                   in: r, row: row + 1, role: .meter, indent: 1)
        } else if !p.history.isEmpty {
            g.text("\(p.history.count) in history (↑↓)", in: r, row: row + 1, role: .dim, indent: 1)
        }
        g.text(p.onSettings ? settingsKeys.footer() : keys.footer(), in: r, row: r.height - 1, role: .key, indent: 1)
    }

    /// Per character: accent inside a known `<name>`, bad inside an unknown one.
    static func identifierRoles(_ text: [Character], known: [String]) -> [Role] {
        var roles = [Role](repeating: .normal, count: text.count + 1)
        for r in PromptReferences.find(in: text) {
            for j in r.range { roles[j] = known.contains(r.name) ? .accent : .bad }
        }
        return roles
    }
}
