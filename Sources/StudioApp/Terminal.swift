import CNcursesW
import Foundation
import Studio

/// The ncurses side of the studio: paints grids (wide characters, colours by role
/// from the theme) and reads keys. Only the cells that changed are painted.
final class Terminal {
    private var previous: Grid?
    private(set) var hasColor = false
    private var colorCount = 0
    private var pairs: [Role: (attrs: attr_t, pair: Int16)] = [:]

    init() {
        setlocale(LC_ALL, "")
        initscr()
        raw()  // Ctrl-C arrives as a key, so quitting always restores the terminal.
        noecho()
        keypad(dreamstyler_stdscr(), true)
        set_escdelay(25)
        wtimeout(dreamstyler_stdscr(), 30)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
            hasColor = true
            colorCount = Int(dreamstyler_colors())
        }
    }

    func close() { endwin() }

    var size: (width: Int, height: Int) {
        var y: Int32 = 0, x: Int32 = 0
        dreamstyler_getmaxyx(dreamstyler_stdscr(), &y, &x)
        return (Int(x), Int(y))
    }

    /// A colour the terminal has: 256-colour numbers fold to the 8 basic ones on smaller terminals.
    func fit(_ c: Int?) -> Int16 {
        guard let c else { return -1 }
        if c < colorCount { return Int16(c) }
        if c < 16 { return Int16(c % 8) }
        if c >= 232 { return c >= 244 ? 7 : 0 }
        let v = c - 16, r = v / 36, g = v / 6 % 6, b = v % 6
        return Int16((r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0))
    }

    func apply(_ theme: Theme) {
        pairs = [:]
        let useColor = hasColor && !theme.isMonochrome
        for (i, role) in Role.allCases.enumerated() {
            let s = theme.style(role)
            var attrs: attr_t = 0
            if s.bold { attrs |= dreamstyler_a_bold() }
            if s.reverse { attrs |= dreamstyler_a_reverse() }
            if s.underline { attrs |= dreamstyler_a_underline() }
            if s.dim { attrs |= dreamstyler_a_dim() }
            var pair: Int16 = 0
            if useColor {
                pair = Int16(i + 1)
                init_pair(pair, fit(s.foreground), fit(s.background))
            } else if !hasColor && (s.foreground != nil || s.background != nil) && role == .selected {
                attrs |= dreamstyler_a_reverse()
            }
            pairs[role] = (attrs, pair)
        }
        previous = nil
    }

    func paint(_ g: Grid) {
        let full = previous == nil || previous!.width != g.width || previous!.height != g.height
        if full { werase(dreamstyler_stdscr()) }
        for y in 0..<g.height {
            for x in 0..<g.width {
                let c = g[x, y]
                if c.char == Cell.continuation { continue }
                if !full, let p = previous, p[x, y] == c { continue }
                let (attrs, pair) = pairs[c.role] ?? (0, 0)
                var wide = Array(c.char.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }) + [0]
                var cc = cchar_t()
                setcchar(&cc, &wide, attrs, pair, nil)
                mvwadd_wch(dreamstyler_stdscr(), Int32(y), Int32(x), &cc)
            }
        }
        previous = g
        wrefresh(dreamstyler_stdscr())
    }

    /// Forces a full repaint (after a resize).
    func invalidate() { previous = nil }

    enum Input { case key(Key), resize, none }

    /// Waits up to 30 ms for a key.
    func read() -> Input {
        var ch: wint_t = 0
        let r = wget_wch(dreamstyler_stdscr(), &ch)
        if r == ERR { return .none }
        if r == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_RESIZE: return .resize
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_BTAB: return .key(.backTab)
            case KEY_DC: return .key(.delete)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_ENTER: return .key(.enter)
            case KEY_F0 + 1...KEY_F0 + 12: return .key(.function(Int(Int32(ch) - KEY_F0)))
            default: return .none
            }
        }
        switch ch {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(ch) + 96))))
        default:
            guard let u = Unicode.Scalar(UInt32(ch)) else { return .none }
            return .key(.char(Character(u)))
        }
    }
}
