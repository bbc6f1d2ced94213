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

    /// Table headers without a name: toml++ asserts on them (an abort, even in release), so the theme
    /// reader refuses them first. The file is the fuzzer's find (Fuzz/regressions/theme).
    @Test func namelessTableHeadersAreRefusedNotAborted() throws {
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
            ("[roles\n", "not valid TOML"),
            ("[roles]\nnormal = { fg = 300 }", "0–255"),
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
}
