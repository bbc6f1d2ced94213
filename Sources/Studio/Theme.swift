import Foundation

/// How a role looks: colours (terminal colour numbers, nil for the terminal's default) and attributes.
public struct Style: Equatable, Sendable {
    public var foreground: Int?
    public var background: Int?
    public var bold = false
    public var underline = false
    public var reverse = false
    public var dim = false
    public init(foreground: Int? = nil, background: Int? = nil, bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.foreground = foreground; self.background = background
        self.bold = bold; self.underline = underline; self.reverse = reverse; self.dim = dim
    }
}

/// A set of styles by role, read from `Themes/NAME.toml`:
///
///     name = "Default dark"
///     [roles]
///     normal = { fg = "white" }
///     selected = { fg = "black", bg = "cyan", bold = true }
///
/// Colours are names (black, red, green, yellow, blue, magenta, cyan, white, their `bright-` forms,
/// default) or numbers 0–255; a role left out looks like `normal`.
public struct Theme: Equatable, Sendable {
    public var id: String
    public var name: String
    public var styles: [Role: Style]
    /// Whether the theme uses no colour at all (works on any terminal).
    public var isMonochrome: Bool { styles.values.allSatisfy { $0.foreground == nil && $0.background == nil } }

    public func style(_ role: Role) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
    static let styleKeys: Set<String> = ["fg", "bg", "bold", "underline", "reverse", "dim"]

    static func flag(_ v: ThemeFile.Value?, key: String, file: String) throws -> Bool {
        guard let v else { return false }
        guard let b = v.bool else { throw Failure(description: "\(file): \(key) must be true or false") }
        return b
    }

    static func color(_ v: ThemeFile.Value?, key: String, file: String) throws -> Int? {
        guard let v else { return nil }
        if let n = v.integer {
            guard (0...255).contains(n) else { throw Failure(description: "\(file): \(key) = \(n): colour numbers are 0–255") }
            return n
        }
        guard let s = v.string?.lowercased() else { throw Failure(description: "\(file): \(key) must be a colour name or number") }
        if s == "default" { return nil }
        if let i = names.firstIndex(of: s) { return i }
        if s.hasPrefix("bright-"), let i = names.firstIndex(of: String(s.dropFirst(7))) { return i + 8 }
        throw Failure(description: "\(file): \(key) = \"\(s)\": unknown colour (black, red, …, white, bright-NAME, default, 0–255)")
    }

    public init(id: String, toml: String, file: String) throws {
        let table: [String: ThemeFile.Value]
        do { table = try ThemeFile.parse(toml) } catch { throw Failure(description: "\(file): not a theme file (\(error))") }
        self.id = id
        name = table["name"]?.string ?? id
        styles = [:]
        guard let roles = table["roles"]?.table else { throw Failure(description: "\(file): no [roles] table") }
        for key in roles.keys.sorted() {
            guard let role = Role(rawValue: key) else {
                throw Failure(description: "\(file): unknown role '\(key)' (known: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let t = roles[key]?.table, Set(t.keys).isSubset(of: Theme.styleKeys) else { throw Failure(description: "\(file): roles.\(key) must be a table like { fg = \"white\", bold = true } with keys from \(Theme.styleKeys.sorted().joined(separator: ", "))") }
            styles[role] = Style(foreground: try Theme.color(t["fg"], key: "roles.\(key).fg", file: file),
                                 background: try Theme.color(t["bg"], key: "roles.\(key).bg", file: file),
                                 bold: try Theme.flag(t["bold"], key: "roles.\(key).bold", file: file),
                                 underline: try Theme.flag(t["underline"], key: "roles.\(key).underline", file: file),
                                 reverse: try Theme.flag(t["reverse"], key: "roles.\(key).reverse", file: file),
                                 dim: try Theme.flag(t["dim"], key: "roles.\(key).dim", file: file))
        }
    }

    public static func load(_ url: URL) throws -> Theme {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Failure(description: "\(url.path): cannot read the theme") }
        return try Theme(id: url.deletingPathExtension().lastPathComponent, toml: String(decoding: data, as: UTF8.self), file: url.path)
    }

    /// Every theme in `folder`, sorted by file name.
    public static func all(in folder: URL) throws -> [Theme] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
        return try files.map { try load(folder.appendingPathComponent($0)) }
    }

    /// Used when no theme files can be found: attributes only.
    public static let fallback = Theme(id: "builtin-monochrome", name: "Monochrome (built in)", styles: [
        .title: Style(bold: true), .focus: Style(bold: true), .selected: Style(reverse: true), .dim: Style(dim: true),
        .accent: Style(bold: true), .bad: Style(bold: true, underline: true), .warn: Style(underline: true), .key: Style(bold: true),
        .cursor: Style(reverse: true), .threshold: Style(bold: true), .smooth: Style(bold: true),
    ])

    public init(id: String, name: String, styles: [Role: Style]) {
        self.id = id; self.name = name; self.styles = styles
    }
}
