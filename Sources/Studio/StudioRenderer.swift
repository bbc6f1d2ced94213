import Foundation

/// Lays the panels out for a terminal size and draws the state into a grid.
///
/// Below 140×40 the focused panel fills the screen under a tab bar; from 140×40 all six
/// panels show at once in three columns. Below 60×16 only a message shows.
public enum StudioRenderer {
    public static let minimumWidth = 60
    public static let minimumHeight = 16
    public static let dashboardWidth = 140
    public static let dashboardHeight = 40

    public static func render(_ s: StudioState, width: Int, height: Int) -> Grid {
        var g = Grid(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            let lines = ["Terminal too small: \(width)×\(height).", "The studio needs at least \(minimumWidth)×\(minimumHeight).", "Enlarge the window, or press q to quit."]
            for (i, l) in lines.enumerated() { g.put(Grid.clip(l, to: width), x: 0, y: i, role: i == 0 ? .warn : .normal) }
            return g
        }
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let (top, rest) = screen.splitTop(1)
        let body = Rect(x: rest.x, y: rest.y, width: rest.width, height: rest.height - 1)
        tabBar(s, in: top, grid: &g)
        if width >= dashboardWidth && height >= dashboardHeight {
            let third = width / 3
            let (left, r1) = body.splitLeft(third)
            let (middle, right) = r1.splitLeft(third)
            let (lib, mask) = left.splitTop(left.height * 3 / 5)
            let (train, prompt) = middle.splitTop(middle.height * 11 / 20)
            let (aud, align) = right.splitTop(right.height * 3 / 5)
            for (id, r) in [(PanelID.library, lib), (.mask, mask), (.training, train), (.prompt, prompt), (.audition, aud), (.alignment, align)] {
                panel(id, s, in: r, grid: &g)
            }
        } else {
            panel(s.focus, s, in: body, grid: &g)
        }
        statusBar(s, in: Rect(x: 0, y: height - 1, width: width, height: 1), grid: &g)
        if let m = s.modal { modal(m, s, screen: screen, grid: &g) }
        return g
    }

    static func tabBar(_ s: StudioState, in r: Rect, grid g: inout Grid) {
        g.fill(r, role: .title)
        var x = g.put(" DreamStyler Studio ", x: r.x, y: r.y, role: .title)
        for id in PanelID.allCases {
            let label = " \(id.rawValue + 1) \(id.title) "
            guard x + Grid.columns(label) < r.width else { break }
            x += g.put(label, x: r.x + x, y: r.y, role: id == s.focus ? .selected : .title)
        }
        let right = "? keys  q quit "
        if x + right.count < r.width { g.put(right, x: r.x + r.width - right.count, y: r.y, role: .title) }
    }

    static func panel(_ id: PanelID, _ s: StudioState, in r: Rect, grid g: inout Grid) {
        var title = id.title
        switch id {
        case .training where s.training.running: title += " — running"
        case .audition where !s.clips.isEmpty: title += " (\(s.clips.count))"
        case .library where !s.concepts.isEmpty: title += " (\(s.concepts.count))"
        default: break
        }
        g.box(r, title: "\(id.rawValue + 1) \(title)", focused: s.focus == id, ascii: s.asciiFrames)
        let inner = r.inset(1)
        guard !inner.isEmpty else { return }
        switch id {
        case .library: LibraryPanel.draw(s, in: inner, grid: &g)
        case .training: TrainingPanel.draw(s, in: inner, grid: &g)
        case .mask: MaskPanel.draw(s, in: inner, grid: &g)
        case .prompt: PromptPanel.draw(s, in: inner, grid: &g)
        case .audition: AuditionPanel.draw(s, in: inner, grid: &g)
        case .alignment: AlignmentPanel.draw(s, in: inner, grid: &g)
        }
    }

    static func statusBar(_ s: StudioState, in r: Rect, grid g: inout Grid) {
        var right = ""
        if let p = s.playback { right = "▶ \(Format.time(p.position))/\(Format.time(p.duration)) " }
        if s.training.running { right = "learning \(s.training.step)/\(s.training.totalSteps)  " + right }
        let room = r.width - Grid.columns(right) - 1
        g.put(Grid.clip(s.status, to: room), x: r.x, y: r.y, role: s.statusRole, limit: room)
        g.put(right, x: r.x + r.width - Grid.columns(right), y: r.y, role: .accent)
    }

    static func modal(_ m: Modal, _ s: StudioState, screen: Rect, grid g: inout Grid) {
        let lines: [String]
        let title: String
        switch m {
        case .help:
            title = "Keys (any key closes)"
            lines = Keymap.lines(width: screen.width - 8)
        case .confirm(let q, _):
            title = "Confirm"
            lines = [q, DialogKeys.confirm.footer()]
        case .input(let purpose, let text):
            title = purpose.label
            lines = ["> " + text + "▏", DialogKeys.input.footer()]
        case .quitWhileLearning:
            title = "A learn is running"
            lines = DialogKeys.quit.map { "\($0.label)  \($0.action)" }
        }
        let w = min(screen.width - 4, max(Grid.columns(title) + 6, (lines.map { Grid.columns($0) }.max() ?? 0) + 4))
        let h = min(screen.height - 2, lines.count + 2)
        let box = Rect(x: (screen.width - w) / 2, y: (screen.height - h) / 2, width: w, height: h)
        g.fill(box)
        g.box(box, title: title, focused: true, ascii: s.asciiFrames)
        let inner = box.inset(1)
        for (i, l) in lines.enumerated() { g.text(l, in: inner, row: i, role: i == 0 && m != .help ? .normal : .normal, indent: 1) }
    }
}

enum Format {
    static func time(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "–" }
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }

    /// `s` cut or padded to `n` columns (right-aligned numbers with `right`).
    static func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        let c = Grid.clip(s, to: n)
        let fill = String(repeating: " ", count: max(0, n - Grid.columns(c)))
        return right ? fill + c : c + fill
    }

    /// 5 → "5", 0.5 → "0.5".
    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }

    static func score(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "–" }

    static func seconds(_ s: Double) -> String { s >= 60 ? String(format: "%.0fm%02.0fs", (s / 60).rounded(.down), s.truncatingRemainder(dividingBy: 60)) : String(format: "%.0f s", s) }
}
