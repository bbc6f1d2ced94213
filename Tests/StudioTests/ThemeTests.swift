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
