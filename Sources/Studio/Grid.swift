import Foundation

/// What a cell is for; a theme gives each role its colours.
public enum Role: String, CaseIterable, Sendable {
    case normal, dim, title, border, focus, selected, accent, good, warn, bad, raw, smooth, threshold, meter, key, cursor
}

public struct Cell: Equatable, Sendable {
    public var char: Character
    public var role: Role
    /// The right half of a wide character: painted by the left half, skipped by the painter.
    public static let continuation: Character = "\u{0}"
}

public struct Rect: Equatable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public func inset(_ d: Int) -> Rect { Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }
    /// The top `n` rows and the rest.
    public func splitTop(_ n: Int) -> (Rect, Rect) {
        let n = min(max(n, 0), height)
        return (Rect(x: x, y: y, width: width, height: n), Rect(x: x, y: y + n, width: width, height: height - n))
    }
    /// The left `n` columns and the rest.
    public func splitLeft(_ n: Int) -> (Rect, Rect) {
        let n = min(max(n, 0), width)
        return (Rect(x: x, y: y, width: n, height: height), Rect(x: x + n, y: y, width: width - n, height: height))
    }
}

/// The screen as characters and roles, drawn by panels and painted by the terminal.
/// Rendering to text (`lines`) is how the studio is tested without a terminal.
public struct Grid: Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(char: " ", role: .normal), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if x >= 0, y >= 0, x < width, y < height { cells[y * width + x] = newValue } }
    }

    /// Columns a character takes on a terminal: 2 for East Asian wide characters and emoji.
    public static func columns(_ c: Character) -> Int {
        guard let v = c.unicodeScalars.first?.value else { return 1 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }

    /// Columns `s` takes.
    public static func columns(_ s: String) -> Int { s.reduce(0) { $0 + columns($1) } }

    /// Writes `s` from (x, y), clipped to `limit` columns (and the grid); returns the columns written.
    @discardableResult
    public mutating func put(_ s: String, x: Int, y: Int, role: Role = .normal, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let end = min(width, x + (limit ?? width))
        var col = x
        for c in s {
            let w = Grid.columns(c)
            if c == "\n" { break }
            guard col + w <= end else { break }
            if col >= 0 {
                self[col, y] = Cell(char: c, role: role)
                if w == 2 { self[col + 1, y] = Cell(char: Cell.continuation, role: role) }
            }
            col += w
        }
        return col - x
    }

    /// `s` in `rect`'s row `row`, cut with "…" when too long.
    public mutating func text(_ s: String, in rect: Rect, row: Int, role: Role = .normal, indent: Int = 0) {
        guard row >= 0, row < rect.height else { return }
        put(Grid.clip(s, to: rect.width - indent), x: rect.x + indent, y: rect.y + row, role: role, limit: rect.width - indent)
    }

    /// `s` cut to `n` columns, ending in "…" when it was longer.
    public static func clip(_ s: String, to n: Int) -> String {
        guard n > 0 else { return "" }
        guard columns(s) > n else { return s }
        var out = "", used = 0
        for c in s {
            let w = columns(c)
            if used + w > n - 1 { break }
            out.append(c); used += w
        }
        return out + "…"
    }

    public mutating func fill(_ rect: Rect, _ char: Character = " ", role: Role = .normal) {
        for y in rect.y..<(rect.y + rect.height) { for x in rect.x..<(rect.x + rect.width) { self[x, y] = Cell(char: char, role: role) } }
    }

    /// A frame around `rect` with `title` in its top edge; `ascii` for terminals without line drawing.
    public mutating func box(_ rect: Rect, title: String, focused: Bool, ascii: Bool = false) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let role: Role = focused ? .focus : .border
        let (h, v, tl, tr, bl, br): (Character, Character, Character, Character, Character, Character) =
            ascii ? ("-", "|", "+", "+", "+", "+") : (focused ? ("━", "┃", "┏", "┓", "┗", "┛") : ("─", "│", "┌", "┐", "└", "┘"))
        let r = rect.x + rect.width - 1, b = rect.y + rect.height - 1
        for x in rect.x...r { self[x, rect.y] = Cell(char: h, role: role); self[x, b] = Cell(char: h, role: role) }
        for y in rect.y...b { self[rect.x, y] = Cell(char: v, role: role); self[r, y] = Cell(char: v, role: role) }
        self[rect.x, rect.y] = Cell(char: tl, role: role); self[r, rect.y] = Cell(char: tr, role: role)
        self[rect.x, b] = Cell(char: bl, role: role); self[r, b] = Cell(char: br, role: role)
        put(" " + Grid.clip(title, to: rect.width - 6) + " ", x: rect.x + 2, y: rect.y, role: focused ? .focus : .title, limit: rect.width - 4)
    }

    /// Row `y` as text (wide characters once, trailing spaces kept).
    public func line(_ y: Int) -> String {
        String((0..<width).map { self[$0, y].char }.filter { $0 != Cell.continuation })
    }

    /// The whole screen as text, one line per row, trailing spaces trimmed.
    public var text: String {
        (0..<height).map { line($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
    }

    /// Rows whose text contains `s`.
    public func rows(containing s: String) -> [Int] { (0..<height).filter { line($0).contains(s) } }
}
