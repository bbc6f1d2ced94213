import Foundation
import Testing
import Studio

@Suite struct ThemeTests {
    @Test func theShippedThemesLoad() throws {
        let themes = try Theme.all(in: Fixture.themesFolder)
        #expect(Set(themes.map(\.id)).isSuperset(of: ["dark", "light", "high-contrast", "monochrome"]))
        for t in themes {
            #expect(t.styles[.normal] != nil && t.styles[.selected] != nil, "\(t.id) lacks normal or selected")
            // Selection must be visible without colour too, or by a background.
            let sel = t.style(.selected)
            #expect(sel.reverse || sel.background != nil, "\(t.id): the selection would be invisible")
        }
        let mono = themes.first { $0.id == "monochrome" }!
        #expect(mono.isMonochrome)
        // 16 colours at most in the high-contrast theme, so it works on a 16-colour terminal.
        let hc = themes.first { $0.id == "high-contrast" }!
        #expect(hc.styles.values.allSatisfy { ($0.foreground ?? 0) < 16 && ($0.background ?? 0) < 16 })
    }

    /// The fuzzer's finds (Fuzz/regressions/theme) made toml++ abort; the studio's own reader refuses them.
    @Test func fuzzFindsAreRefusedNotAborted() throws {
        let root = Fixture.themesFolder.deletingLastPathComponent().appendingPathComponent("Fuzz/regressions/theme")
        var texts = try FileManager.default.contentsOfDirectory(atPath: root.path).map { String(decoding: try Data(contentsOf: root.appendingPathComponent($0)), as: UTF8.self) }
        texts += ["[ = 1", "[roles]\r\n[ # comment", "[[ .a]]", "[\t\u{e9}]", "name = 1\n["]
        for t in texts {
            #expect(throws: Theme.Failure.self, "\(t.prefix(40))") { try Theme(id: "x", toml: t, file: "x.toml") }
        }
        let spaced = try Theme(id: "x", toml: "[ roles ]\r\nnormal = { fg = 1 }\n", file: "x.toml")
        #expect(spaced.style(.normal).foreground == 1)
    }

    @Test func badThemesSayWhatIsWrong() {
        let cases = [
            ("[roles]\nnormal = { fg = \"purple\" }", "unknown colour"),
            ("[roles]\nsparkle = { fg = \"red\" }", "unknown role 'sparkle'"),
            ("name = \"x\"", "no [roles] table"),
            ("[roles\n", "not a theme file (line 1: a table header ends with ]"),
            ("[roles]\nnormal = { fg = 300 }", "0–255"),
            ("[roles]\nnormal = { fg = 1, blink = true }", "with keys from bg, bold, dim, fg, reverse, underline"),
            ("[roles]\nnormal = { bold = \"yes\" }", "roles.normal.bold must be true or false"),
        ]
        for (toml, message) in cases {
            #expect {
                _ = try Theme(id: "t", toml: toml, file: "t.toml")
            } throws: { error in
                "\(error)".contains(message) && "\(error)".hasPrefix("t.toml")
            }
        }
        let ok = try? Theme(id: "t", toml: "[roles]\nnormal = { fg = \"bright-red\", bg = 17, bold = true }", file: "t.toml")
        #expect(ok?.style(.normal) == Style(foreground: 9, background: 17, bold: true))
        #expect(ok?.style(.title) == ok?.style(.normal))
    }

    /// The reader takes the TOML the themes use, as TOML means it.
    @Test func theReaderTakesTheSubsetThemesUse() throws {
        let text = """
        # a comment
        name = "Dark \\u00e9 \\"quoted\\""   # trailing comment
        'literal' = 'C:\\path'
        [ roles ]\r
        normal = { fg = "default", bg = +1_0 }
        "title" = {}
        cursor = { reverse = true, dim = false }
        """
        let theme = try Theme(id: "t", toml: text, file: "t.toml")
        #expect(theme.name == "Dark é \"quoted\"")
        #expect(theme.styles == [.normal: Style(foreground: nil, background: 10), .title: Style(), .cursor: Style(reverse: true)])
    }

    /// What a theme does not use is refused with its line, never guessed at.
    @Test func everythingElseIsRefusedWithItsLine() {
        let cases: [(String, String)] = [
            ("a = [1, 2]", "line 1: arrays are not used"),
            ("\n[[roles]]", "line 2: arrays of tables"),
            ("a.b = 1", "line 1: dotted keys"),
            ("a = 1.5", "line 1: '1.5' is not a value"),
            ("a = { b = 1,\n}", "line 1: expected a name"),
            ("a = \"open", "line 1: a string is not closed"),
            ("a = \"\\q\"", "line 1: unknown escape \\q"),
            ("a = \"\\u12\"", "line 1: \\u needs 4 hexadecimal digits"),
            ("a = \"\\uD800\"", "line 1: \\u names no character"),
            ("a = 1\na = 2", "line 2: a is set twice"),
            ("[x]\n[x]", "line 2: [x] is defined twice"),
            ("a = 1 b", "line 1: unexpected text"),
            ("a = 99999999999999999999", "is not a value"),
            ("= 1", "line 1: expected a name"),
            ("a 1", "line 1: expected `key = value`"),
            ("a = \"tab\u{1}\"", "a control character"),
        ]
        for (text, says) in cases {
            #expect { _ = try Theme(id: "t", toml: text, file: "t.toml") } throws: { "\($0)".contains("t.toml: not a theme file (\(says)") || "\($0)".contains(says) && "\($0)".hasPrefix("t.toml: not a theme file (line ") }
        }
    }
}
