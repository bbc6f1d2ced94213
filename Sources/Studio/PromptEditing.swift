import ConceptGrammar
import Foundation

extension StudioState {
    mutating func handlePrompt(_ key: Key) -> [StudioEffect] {
        if prompt.onSettings { return handleSettings(key) }
        var p = prompt
        guard let command: PromptPanel.Command = PromptPanel.keys.command(for: key) else {
            guard case .char(let c) = key else { return [] }
            p.text.insert(c, at: p.cursor)
            p.cursor += 1
            p.browsing = nil
            prompt = p
            refreshCompletion()
            return []
        }
        switch command {
        case .backspace:
            if p.cursor > 0 { p.text.remove(at: p.cursor - 1); p.cursor -= 1 }
        case .delete:
            if p.cursor < p.text.count { p.text.remove(at: p.cursor) }
        case .left: p.cursor = max(0, p.cursor - 1)
        case .right: p.cursor = min(p.text.count, p.cursor + 1)
        case .home: p.cursor = 0
        case .end: p.cursor = p.text.count
        case .clear: p.text = []; p.cursor = 0
        case .history:
            // With the completion open, ↑↓ choose a candidate instead.
            if !p.candidates.isEmpty {
                p.chosen = (p.chosen + (key == .up ? p.candidates.count - 1 : 1)) % p.candidates.count
                prompt = p
                return []
            }
            guard !p.history.isEmpty else { return [] }
            var i = p.browsing ?? p.history.count
            i = key == .up ? max(0, i - 1) : i + 1
            if i >= p.history.count { p.browsing = nil; p.text = [] } else { p.browsing = i; p.text = Array(p.history[i]) }
            p.cursor = p.text.count
        case .complete:
            if !p.candidates.isEmpty { prompt = p; complete(); return [] }
            focus = focus.next
            return []
        case .settings:
            if !p.candidates.isEmpty { p.candidates = []; prompt = p; return [] }
            p.onSettings = true
            prompt = p
            return []
        case .accept:
            if !p.candidates.isEmpty { prompt = p; complete(); return [] }
            prompt = p
            return generate()
        case .identifiers: return []
        }
        prompt = p
        refreshCompletion()
        return []
    }

    mutating func handleSettings(_ key: Key) -> [StudioEffect] {
        guard let command: PromptPanel.SettingsCommand = PromptPanel.settingsKeys.command(for: key) else { return [] }
        switch command {
        case .previous: prompt.setting = max(0, prompt.setting - 1)
        case .next: prompt.setting = min(GenerationChoice.names.count - 1, prompt.setting + 1)
        case .lower: prompt.settings.adjust(prompt.setting, by: -1)
        case .raise: prompt.settings.adjust(prompt.setting, by: 1)
        case .back: prompt.onSettings = false
        case .nextPanel: focus = focus.next
        }
        return []
    }

    /// Inserts `s` at the cursor (with a space before it when needed).
    mutating func insert(_ s: String) {
        var t = s
        if prompt.cursor > 0, prompt.text[prompt.cursor - 1] != " " { t = " " + t }
        prompt.text.insert(contentsOf: t, at: prompt.cursor)
        prompt.cursor += t.count
        refreshCompletion()
    }

    mutating func generate() -> [StudioEffect] {
        let line = prompt.line.trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty else { say("write a prompt first, e.g. a calm evening song with <koto>", .dim); return [] }
        let malformed = PromptReferences.malformed(in: line)
        guard malformed.isEmpty else {
            say("\(malformed.joined(separator: ", ")) names no concept: a name is \(ConceptName.rule)", .bad)
            return []
        }
        let unknown = PromptReferences.names(in: line).filter { !learnedNames.contains($0) }
        guard unknown.isEmpty else {
            say("unknown concept \(unknown.map { "<\($0)>" }.joined(separator: ", ")); learned: "
                + (learnedNames.isEmpty ? "none yet" : learnedNames.map { "<\($0)>" }.joined(separator: " ")), .bad)
            return []
        }
        guard prompt.generating == nil else { say("a generation is running; wait for it", .warn); return [] }
        if prompt.history.last != line { prompt.history.append(line) }
        prompt.browsing = nil
        prompt.generating = (0, prompt.settings.steps)
        say("generating \(prompt.settings.clips) clip\(prompt.settings.clips == 1 ? "" : "s")…", .dim)
        return [.generate(prompt: line, settings: prompt.settings)]
    }

    /// The partial identifier being typed: an unclosed `<` and the name characters up to the cursor.
    var openIdentifier: (start: Int, query: String)? { PromptReferences.open(in: prompt.text, cursor: prompt.cursor) }

    /// Fuzzy match: every query character in order; prefix matches first, then shorter names.
    public static func fuzzy(_ query: String, in names: [String]) -> [String] {
        let q = query.lowercased()
        func matches(_ n: String) -> Bool {
            var it = n.lowercased().makeIterator()
            return q.allSatisfy { c in while let x = it.next() { if x == c { return true } }; return false }
        }
        return names.filter(matches).sorted { a, b in
            let pa = a.lowercased().hasPrefix(q), pb = b.lowercased().hasPrefix(q)
            return pa != pb ? pa : (a.count, a) < (b.count, b)
        }
    }

    mutating func refreshCompletion() {
        guard focus == .prompt || !prompt.candidates.isEmpty, let open = openIdentifier else { prompt.candidates = []; prompt.chosen = 0; return }
        let c = StudioState.fuzzy(open.query, in: learnedNames)
        if c != prompt.candidates { prompt.chosen = 0 }
        prompt.candidates = c
    }

    /// Replaces the partial identifier with the chosen candidate, closed with `>`.
    mutating func complete() {
        guard let open = openIdentifier, prompt.candidates.indices.contains(prompt.chosen) else { return }
        let name = prompt.candidates[prompt.chosen]
        let end = prompt.cursor
        var after = prompt.text.index(end, offsetBy: 0)
        // Swallow the rest of a name already typed after the cursor, and its '>'.
        while after < prompt.text.count, prompt.text[after] != " ", prompt.text[after] != ">" { after += 1 }
        if after < prompt.text.count, prompt.text[after] == ">" { after += 1 }
        prompt.text.replaceSubrange(open.start..<after, with: Array("<\(name)>"))
        prompt.cursor = open.start + name.count + 2
        prompt.candidates = []
        prompt.chosen = 0
    }
}
