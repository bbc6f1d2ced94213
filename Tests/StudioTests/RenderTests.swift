import Foundation
import Testing
import Studio

@Suite struct RenderTests {
    func screen(_ s: StudioState, _ w: Int, _ h: Int) -> Grid { StudioRenderer.render(s, width: w, height: h) }

    @Test func everyPanelAt80x24ShowsWhatAPersonNeeds() {
        var s = Fixture.state
        let expected: [PanelID: [String]] = [
            .library: ["koto", "reggae", "kalimba", "learned", "learning", "31.4", "a add"],
            .training: ["<reggae> — tuning", "step 600/1500 (40 %)", "steps/s", "ETA", "lr U-Net 1e-05", "samples: step 250"],
            .mask: ["Δ_M histogram", "P = 5 %", "3113 pivotal", "▲ top 5 %", "2301"],
            .prompt: [">", "seconds 10", "steps 50", "cfg 7.0", "seed 1", "sampler ddim", "Enter generate"],
            .audition: ["seed 3", "seed 4", "a calm evening song with <koto>", "0:03/0:08", "▶"],
            .alignment: ["AA <koto>", "33.2", "AA <reggae>", "27.9", "ΔAudio Alignment 5.3", "TA", "21.5"],
        ]
        for id in PanelID.allCases {
            s.focus = id
            let g = screen(s, 80, 24)
            let text = g.text
            #expect(g.line(0).contains("DreamStyler Studio"))
            #expect(text.contains("\(id.rawValue + 1) \(id.title)"), "the \(id.title) panel has no title")
            for needle in expected[id]! { #expect(text.contains(needle), "\(id.title) at 80×24 lacks '\(needle)':\n\(text)") }
            // The status line is the last row.
            #expect(g.line(23).contains("learning 600/1500"))
        }
    }

    @Test func dashboardAt160x48ShowsAllPanelsAtOnce() {
        let g = screen(Fixture.state, 160, 48)
        let text = g.text
        for id in PanelID.allCases { #expect(text.contains("\(id.rawValue + 1) \(id.title)")) }
        for needle in ["kalimba", "step 600/1500", "Δ_M histogram", "sampler ddim", "seed 4", "ΔAudio Alignment 5.3"] {
            #expect(text.contains(needle), "160×48 lacks '\(needle)'")
        }
        // The loss curve is drawn in Braille dots, and the spectrogram in shades.
        #expect(g.cells.contains { ("\u{2801}"..."\u{28FF}").contains($0.char) && ($0.role == .raw || $0.role == .smooth) })
        #expect(g.cells.contains { "░▒▓█".contains($0.char) && $0.role == .accent || $0.role == .meter })
    }

    @Test func aQuickLooksScoreIsMarkedInTheLibrary() {
        var s = Fixture.state
        s.focus = .library
        #expect(screen(s, 80, 24).text.contains(" 31.4") && !screen(s, 80, 24).text.contains("~31.4"))
        s.concepts[0].quickScores = true
        #expect(screen(s, 80, 24).text.contains("~31.4"))
        #expect(screen(s, 62, 24).text.contains("~31.4"), "narrow:\n\(screen(s, 62, 24).text)")
    }

    @Test func alignmentShowsRecognitionWhenTheEvaluationHasIt() {
        var s = Fixture.state
        s.focus = .alignment
        #expect(!screen(s, 80, 24).text.contains("recognised <"))
        var a = s.alignment!
        a.recognition = ["koto": .init(share: 2.0 / 3, meanProbability: 0.414), "reggae": .init(share: 0, meanProbability: 0.052)]
        a.methods = [("DreamStyler", 9.0, 8.3, 0.5), ("Textual Inversion", 4.9, 6.6, nil)]
        s.alignment = a
        let text = screen(s, 80, 24).text
        for needle in ["recognised <koto> 67 % of clips · mean P(concept) 0.41", "recognised <reggae> 0 % of clips · mean P(concept) 0.05",
                       "method · TA · AA · recognised", "DreamStyler             9.0    8.3   50 %", "Textual Inversion       4.9    6.6      –"] {
            #expect(text.contains(needle), "the Alignment panel lacks '\(needle)':\n\(text)")
        }
        // Clips that were not classified: no recognition line, the reason instead.
        a.recognition = [:]
        a.unclassified = "the base model ships no concept classifier"
        s.alignment = a
        let bare = screen(s, 80, 24).text
        #expect(!bare.contains("recognised <") && bare.contains("not classified: the base model ships no concept classifier"))
    }

    @Test func asciiGlyphsUseOnlyAsciiInPlots() {
        var s = Fixture.state
        s.focus = .training
        s.glyphs = .ascii
        s.asciiFrames = true
        let g = screen(s, 80, 24)
        let plotted = g.cells.filter { $0.role == .raw || $0.role == .smooth }
        #expect(!plotted.isEmpty && plotted.allSatisfy { $0.char.isASCII })
        #expect(g.line(1).hasPrefix("+-"))
    }

    @Test func logScaleChangesTheAxis() {
        var s = Fixture.state
        s.focus = .training
        let linear = screen(s, 80, 24).text
        _ = s.handle(.key(.char("l")))
        #expect(s.logScale)
        let log = screen(s, 80, 24).text
        #expect(log.contains("· log") && !linear.contains("· log"))
    }

    @Test func aSmallTerminalGetsAMessageNotACrash() {
        for (w, h) in [(59, 24), (80, 15), (10, 3), (0, 0)] {
            let g = screen(Fixture.state, w, h)
            if w >= 20 && h >= 2 { #expect(g.text.contains("Terminal too small: \(w)×\(h)")) }
            #expect(g.width == w && g.height == h)
        }
    }

    @Test func helpListsTheKeysOfEveryPanel() {
        var s = Fixture.state
        _ = s.handle(.key(.char("?")))
        let text = screen(s, 100, 30).text
        for needle in ["Concepts", "Training", "Prompt", "Audition", "Alignment", "A/B", "regenerate", "log scale"] { #expect(text.contains(needle)) }
        _ = s.handle(.key(.char("x")))
        #expect(s.modal == nil)
    }

    @Test func emptyStudioExplainsTheFirstSteps() {
        var s = StudioState()
        s.focus = .library
        #expect(screen(s, 80, 24).text.contains("No concepts yet."))
        s.focus = .audition
        #expect(screen(s, 80, 24).text.contains("No clips yet."))
        s.focus = .mask
        #expect(screen(s, 80, 24).text.contains("No mask yet"))
    }

    @Test func aLearnWithoutAMaskSaysWhyAndANewLearnForgetsTheOldMask() {
        var s = StudioState()
        s.focus = .mask
        _ = s.handle(.learnMask(MaskView(histogram: [3, 1], maximum: 1, threshold: 0.5, percent: 5, perLayer: [("down.0.conv1.weight", 4)])))
        #expect(screen(s, 80, 24).text.contains("Δ_M histogram"))
        _ = s.handle(.learnStarted(concepts: ["reggae"], summary: ""))
        #expect(screen(s, 80, 24).text.contains("No mask yet"))
        _ = s.handle(.learnNoMask)
        #expect(screen(s, 80, 24).text.contains("No mask: a concept at P = 100 % trains every entry."))
        _ = s.handle(.learnStarted(concepts: ["koto"], summary: ""))
        #expect(screen(s, 80, 24).text.contains("No mask yet"))
    }

    @Test func wideCharactersTakeTwoColumns() {
        var g = Grid(width: 10, height: 1)
        #expect(g.put("琴ab", x: 0, y: 0) == 4)
        #expect(g.line(0).hasPrefix("琴ab"))
        #expect(Grid.clip("abcdefgh", to: 5) == "abcd…")
        // A wide character that would straddle the edge is left out.
        var h = Grid(width: 3, height: 1)
        #expect(h.put("ab琴", x: 0, y: 0) == 2)
    }

    @Test func unknownIdentifiersAreMarkedInThePrompt() {
        var s = Fixture.state
        s.focus = .prompt
        _ = Fixture.keys(&s, "song with <koto> and <sitar> ")
        let g = screen(s, 80, 24)
        #expect(g.text.contains("unknown: <sitar>"))
        let row = g.rows(containing: "> song with")[0]
        let line = (0..<80).map { g[$0, row] }
        let start = g.line(row).distance(from: g.line(row).startIndex, to: g.line(row).range(of: "<sitar>")!.lowerBound)
        #expect(line[start].role == .bad)
        let k = g.line(row).distance(from: g.line(row).startIndex, to: g.line(row).range(of: "<koto>")!.lowerBound)
        #expect(line[k].role == .accent)
    }
}
