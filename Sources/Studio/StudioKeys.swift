/// Keys of the studio as a whole, and the help screen built from every panel's keys.
enum StudioKeys {
    enum Command: Sendable { case quit, help, previousPanel, nextPanel, jump, theme, glyphs }

    /// Keys that work everywhere, the prompt included.
    static let always: [KeyBinding<Command>] = [
        KeyBinding([.ctrl("q"), .ctrl("c")], "Ctrl-Q", "quit", .quit),
        KeyBinding([.function(1)], "F1", "help", .help),
        KeyBinding([.backTab], "Shift-Tab", "previous panel", .previousPanel),
    ]

    /// Keys that work outside the prompt, where they would be text.
    static let outsideThePrompt: [KeyBinding<Command>] = [
        KeyBinding([.tab], "Tab", "next panel", .nextPanel),
        KeyBinding((1...6).map { .char(Character(String($0))) }, "1–6", "jump to a panel", .jump),
        KeyBinding([.char("?")], "?", "this help", .help),
        KeyBinding([.char("q")], "q", "quit", .quit),
        KeyBinding([.char("t")], "t", "next theme", .theme),
        KeyBinding([.char("g")], "g", "plot characters (Braille, blocks, ASCII)", .glyphs),
    ]
}

/// Every key, as `?` shows it: one section per panel, from the panels' own key lists.
public enum Keymap {
    public static let sections: [(title: String, keys: [KeyHelp])] = [
        ("Anywhere", StudioKeys.always.help() + StudioKeys.outsideThePrompt.help()),
        (PanelID.library.title, LibraryPanel.keys.help()),
        (PanelID.training.title, TrainingPanel.keys.help()),
        (PanelID.prompt.title, PromptPanel.keys.help()),
        ("Settings", PromptPanel.settingsKeys.help()),
        (PanelID.audition.title, AuditionPanel.keys.help()),
        (PanelID.alignment.title, AlignmentPanel.keys.help()),
    ]

    /// The sections as lines of at most `width` columns: the title, then the keys, wrapped under it.
    public static func lines(width: Int) -> [String] {
        let indent = 13
        var out: [String] = []
        for (title, keys) in sections {
            var line = Format.pad(title, indent)
            var empty = true
            for k in keys {
                let item = "\(k.label) \(k.action)"
                if !empty && Grid.columns(line) + 3 + Grid.columns(item) > width {
                    out.append(line)
                    line = String(repeating: " ", count: indent)
                    empty = true
                }
                line += (empty ? "" : "   ") + item
                empty = false
            }
            out.append(line)
        }
        // An item longer than the screen on its own is cut, not wrapped mid-word.
        return out.map { Grid.clip($0, to: width) }
    }
}
