import Foundation
import Testing
import Studio

/// What the screen says about keys is what the keys do, and what the app loop changes comes as events.
@Suite struct KeysAndEventsTests {
    func screen(_ s: StudioState, _ w: Int = 80, _ h: Int = 24) -> Grid { StudioRenderer.render(s, width: w, height: h) }

    @Test func everyFooterKeyIsOnTheHelpScreen() {
        var s = Fixture.state
        _ = s.handle(.key(.char("?")))
        let help = screen(s, 200, 40).text
        for id in [PanelID.library, .training, .audition, .alignment, .prompt] {
            var p = Fixture.state
            p.focus = id
            // At 80×24 the focused panel fills the screen; its last inner row (21) is its footer.
            let footer = String(screen(p, 200, 24).line(21).dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
            let items = footer.components(separatedBy: " · ")
            #expect(!footer.isEmpty, "\(id.title) shows no keys")
            for item in items { #expect(help.contains(item), "\(id.title)'s footer shows '\(item)', the help does not") }
        }
    }

    @Test func dialogsShowTheKeysTheyAnswerTo() {
        var s = Fixture.state
        s.focus = .audition
        _ = s.handle(.key(.char("d")))
        #expect(screen(s).text.contains("y yes · n no"))
        #expect(s.handle(.key(.char("N"))).isEmpty && s.modal == nil)
        _ = s.handle(.key(.char("q")))
        #expect(s.modal == .quitWhileLearning)
        let text = screen(s).text
        for line in ["f  finish it in the background, then quit", "s  stop it now", "Esc  stay in the studio"] { #expect(text.contains(line)) }
        _ = s.handle(.key(.escape))
        #expect(s.modal == nil)
        s.focus = .library
        _ = s.handle(.key(.char("R")))
        #expect(screen(s).text.contains("Enter accepts · Esc cancels"))
    }

    @Test func theHelpFitsTheScreenAndNamesEveryPanel() {
        for width in [60, 72, 100] {
            let lines = Keymap.lines(width: width)
            for l in lines { #expect(Grid.columns(l) <= width, "'\(l)' is wider than \(width)") }
        }
        let titles = Keymap.sections.map(\.title)
        for id in [PanelID.library, .training, .prompt, .audition, .alignment] { #expect(titles.contains(id.title)) }
        #expect(Keymap.sections.allSatisfy { !$0.keys.isEmpty })
    }

    @Test func theAppLoopsStartingValuesArriveAsEvents() {
        var s = StudioState()
        let clip = ClipView(path: "/tmp/c.wav", prompt: "a tune", seed: 2, concepts: [], seconds: 8)
        #expect(s.handle(.clips([clip])).isEmpty)
        #expect(s.clips == [clip] && s.selectedClip == 0)
        _ = s.handle(.learnSummary("learn settings: dreamstyler, 1500 steps"))
        s.focus = .training
        #expect(screen(s).text.contains("learn settings: dreamstyler, 1500 steps"))
        // Fewer clips than the selection: the selection follows.
        s.selectedClip = 5
        _ = s.handle(.clips([clip, clip]))
        #expect(s.selectedClip == 1)
        _ = s.handle(.clips([]))
        #expect(s.selectedClip == 0 && s.selectedClipView == nil)
    }

    @Test func aLooseAngleBracketIsTextAndAMalformedReferenceIsRefused() {
        var s = Fixture.state
        s.focus = .prompt
        // The old reading took " b with <koto" for a name.
        _ = Fixture.keys(&s, "a < b with <koto>")
        #expect(s.handle(.key(.enter)) == [.generate(prompt: "a < b with <koto>", settings: s.prompt.settings)])
        var t = Fixture.state
        t.focus = .prompt
        _ = Fixture.keys(&t, "a song with <kötö>")
        #expect(screen(t).text.contains("unknown: <kötö>"))
        #expect(t.handle(.key(.enter)).isEmpty)
        #expect(t.statusRole == .bad && t.status.contains("<kötö> names no concept") && t.status.contains("ASCII"))
    }

    @Test func completionOpensOnlyOnNameCharacters() {
        var s = Fixture.state
        s.focus = .prompt
        _ = Fixture.keys(&s, "with <k")
        #expect(s.prompt.candidates == ["koto"])
        _ = Fixture.keys(&s, "ö")
        #expect(s.prompt.candidates.isEmpty)
    }

    @Test func conceptNamesFollowTheOneRule() {
        var s = Fixture.state
        s.focus = .library
        for bad in ["kötö", "a/b", "..", String(repeating: "n", count: 65)] {
            _ = s.handle(.key(.char("a")))
            _ = Fixture.keys(&s, "\(bad) instrument x.wav")
            #expect(s.handle(.key(.enter)).isEmpty, "'\(bad)' was accepted")
            #expect(s.statusRole == .bad && s.status.contains("1–64 ASCII letters"))
        }
        _ = s.handle(.key(.char("a")))
        _ = Fixture.keys(&s, "\(String(repeating: "n", count: 64)) instrument x.wav")
        #expect(s.handle(.key(.enter)) == [.learn(name: String(repeating: "n", count: 64), kind: "instrument", files: ["x.wav"])])
    }
}
