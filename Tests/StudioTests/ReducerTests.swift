import Foundation
import Testing
import Studio

@Suite struct ReducerTests {
    @Test func tabAndDigitsMoveBetweenPanels() {
        var s = StudioState()
        #expect(s.focus == .library)
        for expected in [PanelID.training, .mask, .prompt] { _ = s.handle(.key(.tab)); #expect(s.focus == expected) }
        // In the prompt, Tab (with no completion open) still moves on; typed digits are text.
        _ = s.handle(.key(.char("5")))
        #expect(s.focus == .prompt && s.prompt.line == "5")
        _ = s.handle(.key(.tab))
        #expect(s.focus == .audition)
        _ = s.handle(.key(.backTab))
        #expect(s.focus == .prompt)
        _ = s.handle(.key(.backTab)); _ = s.handle(.key(.backTab)); _ = s.handle(.key(.backTab))
        #expect(s.focus == .library)
        _ = s.handle(.key(.char("6")))
        #expect(s.focus == .alignment)
    }

    @Test func addingAConceptAsksForNameKindAndFiles() {
        var s = Fixture.state
        s.focus = .library
        _ = s.handle(.key(.char("a")))
        #expect(s.modal == .input(.addConcept, text: ""))
        _ = Fixture.keys(&s, "sitar instrument Samples/sit")
        #expect(s.handle(.key(.tab)) == [.completePath("sitar instrument Samples/sit")])
        _ = s.handle(.pathCompleted("sitar instrument Samples/sitar.flac"))
        #expect(s.handle(.key(.enter)) == [.learn(name: "sitar", kind: "instrument", files: ["Samples/sitar.flac"])])
        #expect(s.modal == nil)
        // Bad input: a clear message and nothing to do.
        for bad in ["sitar drum x.wav", "koto genre x.wav", "bad!name genre x.wav", "onlyname"] {
            _ = s.handle(.key(.char("a")))
            _ = Fixture.keys(&s, bad)
            #expect(s.handle(.key(.enter)).isEmpty, "'\(bad)' was accepted")
            #expect(s.statusRole == .bad)
        }
        // Esc cancels.
        _ = s.handle(.key(.char("a")))
        _ = s.handle(.key(.escape))
        #expect(s.modal == nil)
    }

    @Test func removingAConceptAsksFirst() {
        var s = Fixture.state
        s.focus = .library
        _ = s.handle(.key(.down)); _ = s.handle(.key(.down))
        #expect(s.selectedConceptRow?.name == "kalimba")
        _ = s.handle(.key(.char("x")))
        #expect(s.handle(.key(.char("n"))).isEmpty && s.modal == nil)
        _ = s.handle(.key(.char("x")))
        #expect(s.handle(.key(.char("y"))) == [.remove("kalimba")])
        // The learning concept cannot be removed while it learns.
        _ = s.handle(.key(.up))
        _ = s.handle(.key(.char("x")))
        #expect(s.modal == nil && s.status.contains("stop it first"))
    }

    @Test func renameExportAndLearnGoThroughTheLibraryPanel() {
        var s = Fixture.state
        s.focus = .library
        _ = s.handle(.key(.char("R")))
        _ = s.handle(.key(.backspace)); _ = s.handle(.key(.backspace)); _ = s.handle(.key(.backspace)); _ = s.handle(.key(.backspace))
        _ = Fixture.keys(&s, "zither")
        #expect(s.handle(.key(.enter)) == [.rename("koto", to: "zither")])
        _ = s.handle(.key(.char("e")))
        #expect(s.handle(.key(.enter)) == [.export("koto", to: "koto.dreamstyler")])
        // Learning the new concept waits for the running learn.
        _ = s.handle(.key(.char("j"))); _ = s.handle(.key(.char("j")))
        #expect(s.handle(.key(.char("l"))).isEmpty && s.status.contains("stop it first"))
        _ = s.handle(.learnStopped(step: 600))
        #expect(s.handle(.key(.char("l"))) == [.learn(name: "kalimba", kind: "instrument", files: ["k.flac"])])
        // Enter on a learned concept puts its identifier into the prompt.
        _ = s.handle(.key(.char("k"))); _ = s.handle(.key(.char("k")))
        _ = s.handle(.key(.enter))
        #expect(s.focus == .prompt && s.prompt.line == "<koto>")
    }

    @Test func identifierCompletionIsFuzzyAndTabCompletes() {
        var s = Fixture.state
        _ = s.handle(.library(s.concepts + [ConceptRow(name: "kalimba_soft", kind: "instrument", tokens: 3, referenceSeconds: 60, references: [], method: "dreamstyler", status: "learned")]))
        s.focus = .prompt
        _ = Fixture.keys(&s, "a song with <")
        #expect(s.prompt.candidates == ["koto", "kalimba_soft"])
        _ = Fixture.keys(&s, "ka")
        #expect(s.prompt.candidates == ["kalimba_soft"])
        _ = s.handle(.key(.backspace))
        _ = Fixture.keys(&s, "t")
        // "kt" also matches kalimba_sof(t); the prefix match comes first.
        #expect(s.prompt.candidates == ["koto", "kalimba_soft"])
        _ = s.handle(.key(.tab))
        #expect(s.prompt.line == "a song with <koto>" && s.prompt.cursor == s.prompt.text.count && s.prompt.candidates.isEmpty && s.focus == .prompt)
        #expect(StudioState.fuzzy("kb", in: ["koto", "kalimba", "bk"]) == ["kalimba"])
        #expect(StudioState.fuzzy("", in: ["b", "a"]) == ["a", "b"])
    }

    @Test func enterGeneratesOnlyWithKnownConcepts() {
        var s = Fixture.state
        s.focus = .prompt
        #expect(s.handle(.key(.enter)).isEmpty)
        _ = Fixture.keys(&s, "a song with <sitar> ")
        #expect(s.handle(.key(.enter)).isEmpty)
        #expect(s.statusRole == .bad && s.status.contains("unknown concept <sitar>") && s.status.contains("<koto>"))
        _ = s.handle(.key(.ctrl("u")))
        _ = Fixture.keys(&s, "a song with <koto> ")
        let effects = s.handle(.key(.enter))
        #expect(effects == [.generate(prompt: "a song with <koto>", settings: GenerationChoice())])
        #expect(s.prompt.history == ["a song with <koto>"] && s.prompt.generating != nil)
        // One generation at a time.
        #expect(s.handle(.key(.enter)).isEmpty)
        _ = s.handle(.generationProgress(step: 10, total: 50))
        _ = s.handle(.clipReady(ClipView(path: "/tmp/c.wav", prompt: "a song with <koto>", seed: 1, concepts: ["koto"], seconds: 8)))
        #expect(s.prompt.generating == nil && s.clips[0].path == "/tmp/c.wav" && s.selectedClip == 0)
        // History: ↑ recalls the line.
        _ = s.handle(.key(.ctrl("u")))
        _ = s.handle(.key(.up))
        #expect(s.prompt.line == "a song with <koto>")
        _ = s.handle(.key(.down))
        #expect(s.prompt.line == "")
    }

    @Test func settingsAreEditedWithArrows() {
        var s = StudioState()
        s.focus = .prompt
        _ = s.handle(.key(.escape))
        #expect(s.prompt.onSettings)
        _ = s.handle(.key(.right))
        #expect(s.prompt.settings.seconds == 11)
        _ = s.handle(.key(.down)); _ = s.handle(.key(.left))
        #expect(s.prompt.settings.steps == 45)
        _ = s.handle(.key(.down)); _ = s.handle(.key(.down)); _ = s.handle(.key(.down)); _ = s.handle(.key(.right))
        #expect(s.prompt.settings.sampler == "dpm-solver++")
        for _ in 0..<20 { _ = s.handle(.key(.left)) }
        #expect(GenerationChoice.samplers.contains(s.prompt.settings.sampler))
        _ = s.handle(.key(.up)); for _ in 0..<5 { _ = s.handle(.key(.left)) }
        #expect(s.prompt.settings.seed == 1)
        // Strength, next to last, moves in tenths and stays within 0–2 however often it is pushed.
        for _ in 0..<10 { _ = s.handle(.key(.down)) }
        _ = s.handle(.key(.up))
        _ = s.handle(.key(.left)); _ = s.handle(.key(.left)); _ = s.handle(.key(.left))
        #expect(s.prompt.settings.strength == 0.7 && s.prompt.settings.value(6) == "0.7")
        for _ in 0..<30 { _ = s.handle(.key(.right)) }
        #expect(s.prompt.settings.strength == 2)
        for _ in 0..<30 { _ = s.handle(.key(.left)) }
        #expect(s.prompt.settings.strength == 0)
        _ = s.handle(.key(.down)); for _ in 0..<12 { _ = s.handle(.key(.right)) }
        #expect(s.prompt.settings.keep == 10 && s.prompt.settings.value(7) == "10")
        _ = s.handle(.key(.escape))
        #expect(!s.prompt.onSettings)
        _ = Fixture.keys(&s, "j")
        #expect(s.prompt.line == "j")
    }

    @Test func auditionPlaysStarsRegeneratesAndDeletes() {
        var s = Fixture.state
        s.focus = .audition
        #expect(s.selectedClipView?.seed == 4)
        // b.wav is playing: space stops it.
        #expect(s.handle(.key(.char(" "))) == [.stopPlayback] && s.playback == nil)
        #expect(s.handle(.key(.char(" "))) == [.play(path: "/tmp/clips/b.wav", label: "a fast tune with <koto>")])
        _ = s.handle(.playback(PlaybackView(path: "/tmp/clips/b.wav", label: "A", position: 1, duration: 8, level: 0.1)))
        // A/B: from the clip to the concept's reference.
        #expect(s.handle(.key(.char("a"))) == [.play(path: "Samples/koto-train.flac", label: "B: reference of <koto>")])
        _ = s.handle(.key(.char("n")))
        #expect(s.selectedClipView?.seed == 3)
        #expect(s.handle(.key(.char("k"))) == [.star("/tmp/clips/a.wav", true)] && s.clips[1].starred)
        var regenerated = GenerationChoice()
        regenerated.seed = 5
        #expect(s.handle(.key(.char("r"))) == [.generate(prompt: "a calm evening song with <koto>", settings: regenerated)])
        _ = s.handle(.key(.char("d")))
        #expect(s.handle(.key(.char("y"))) == [.deleteClip("/tmp/clips/a.wav")])
        _ = s.handle(.clipDeleted("/tmp/clips/a.wav"))
        #expect(s.clips.count == 1 && s.selectedClip == 0)
        _ = s.handle(.key(.char("p")))
        #expect(s.selectedClip == 0)
    }

    @Test func evaluatingCarriesTheSettingsRowsStrengthAndKeep() {
        var s = Fixture.state
        s.prompt.settings.strength = 1.3
        s.prompt.settings.keep = 4
        s.focus = .library
        #expect(s.selectedConceptRow?.name == "koto")
        #expect(s.handle(.key(.char("v"))) == [.evaluate(["koto"], settings: s.prompt.settings)])
        s.focus = .audition
        #expect(s.handle(.key(.char("v"))) == [.evaluate(["koto"], settings: s.prompt.settings)])
        s.focus = .alignment
        #expect(s.handle(.key(.char("v"))) == [.evaluate(["koto"], settings: s.prompt.settings)])
        // A concept still learning is not evaluated.
        s.focus = .library
        _ = s.handle(.key(.down))
        #expect(s.selectedConceptRow?.name == "reggae" && s.handle(.key(.char("v"))).isEmpty)
    }

    @Test func trainingEventsDriveTheView() {
        var s = StudioState()
        _ = s.handle(.learnStarted(concepts: ["koto"], summary: ""))
        _ = s.handle(.learnPhase("mask <koto>", totalSteps: 100))
        _ = s.handle(.learnLog(step: 10, loss: 0.2, seconds: 2))
        _ = s.handle(.learnLog(step: 20, loss: 0.18, seconds: 4))
        #expect(s.training.step == 20 && s.training.stepsPerSecond == 5 && s.training.eta == 16)
        _ = s.handle(.learnPhase("tuning", totalSteps: 1500))
        #expect(s.training.losses.isEmpty && s.training.totalSteps == 1500)
        s.focus = .training
        #expect(s.handle(.key(.char("s"))) == [.stopLearn] && s.training.stopping)
        _ = s.handle(.learnStopped(step: 40))
        #expect(!s.training.running && s.training.outcome == "stopped")
        #expect(s.handle(.key(.char("r"))) == [.resumeLearn(["koto"])])
        _ = s.handle(.learnFailed("diverged at step 50"))
        #expect(s.statusRole == .bad && s.status == "diverged at step 50")
    }

    @Test func quittingWhileLearningAsksWhatToDoWithTheLearn() {
        var s = Fixture.state
        #expect(s.handle(.key(.char("q"))).isEmpty && s.modal == .quitWhileLearning)
        _ = s.handle(.key(.escape))
        #expect(s.modal == nil && !s.quitting)
        _ = s.handle(.key(.char("q")))
        #expect(s.handle(.key(.char("f"))) == [.stopPlayback, .quit(finishLearnInBackground: true)])
        var t = Fixture.state
        _ = t.handle(.key(.ctrl("q")))
        #expect(t.handle(.key(.char("s"))) == [.stopPlayback, .stopLearn])
        // The studio quits once the learn has stopped and saved.
        #expect(t.handle(.learnStopped(step: 610)) == [.quit(finishLearnInBackground: false)])
        var idle = StudioState()
        #expect(idle.handle(.key(.char("q"))) == [.stopPlayback, .quit(finishLearnInBackground: false)])
    }

    @Test func themesCycleWithT() {
        var s = Fixture.state
        #expect(s.handle(.key(.char("t"))) == [.setTheme("light")])
        s.theme = "monochrome"
        #expect(s.handle(.key(.char("t"))) == [.setTheme("dark")])
        _ = s.handle(.key(.char("g")))
        #expect(s.glyphs == .block)
    }
}
