import Audio
import Foundation
import Generation
import Library
import Testing
import Workspace
import WorkspaceTestSupport

/// Each action through the workspace, as both front ends call it: what it returns, and what it
/// leaves in the library and the data folder.
@Suite(.serialized) struct WorkspaceActionTests {
    @Test func generateRecordsEveryClipItWrites() throws {
        let box = try WorkspaceSandbox()
        var steps = 0
        let made = try box.workspace.generate(["a calm song"], settings: WorkspaceSandbox.quickClip, seeds: [3, 4]) { event in
            if case .step = event { steps += 1 }
            return true
        }
        #expect(made.count == 2 && steps == 4)
        let recorded = try box.workspace.library.clips()
        #expect(Set(recorded.map(\.path)) == Set(made.map(\.record.path)))
        #expect(Set(recorded.map(\.seed)) == [3, 4] && recorded.allSatisfy { $0.prompt == "a calm song" && $0.steps == 2 })
        for c in made {
            #expect(FileManager.default.fileExists(atPath: c.record.path))
            #expect(c.record.path.hasPrefix(box.workspace.clipsFolder.path + "/"))
        }
    }

    @Test func oneFileIsRefusedForSeveralClipsBeforeAnythingRuns() throws {
        let box = try WorkspaceSandbox()
        let file = box.data.appendingPathComponent("one.wav")
        #expect(throws: WorkspaceError.oneFileForMany(2)) {
            try box.workspace.generate(["a", "b"], settings: WorkspaceSandbox.quickClip, to: .file(file))
        }
        #expect(try box.workspace.library.clips().isEmpty)
    }

    @Test func aRenamedConceptGeneratesUnderItsNewName() throws {
        let box = try WorkspaceSandbox()
        try box.learn("koto")
        // The first generation keeps the model loaded with <koto>'s delta; the rename must not reuse it.
        try box.workspace.generate(["a song with <koto>"], settings: WorkspaceSandbox.quickClip)
        try box.workspace.rename("koto", to: "zither")
        let made = try box.workspace.generate(["a song with <zither>"], settings: WorkspaceSandbox.quickClip)
        #expect(made.map(\.record.conceptNames) == [["zither"]])
        #expect(throws: WorkspaceError.notLearned("koto", method: nil)) {
            try box.workspace.generate(["a song with <koto>"], settings: WorkspaceSandbox.quickClip)
        }
    }

    /// A strength other than the learn's own changes the clip (the delta is applied anew, not the
    /// kept model reused) and is recorded with it; one outside 0–2 is refused before anything runs.
    @Test func strengthMakesAnotherClipAndIsRecordedWithIt() throws {
        let box = try WorkspaceSandbox()
        try box.learn("koto")
        let full = try box.workspace.generate(["a song with <koto>"], settings: WorkspaceSandbox.quickClip)[0]
        let none = try box.workspace.generate(["a song with <koto>"], settings: WorkspaceSandbox.quickClip, strength: 0)[0]
        let again = try box.workspace.generate(["a song with <koto>"], settings: WorkspaceSandbox.quickClip)[0]
        #expect(full.audio.samples != none.audio.samples && full.audio.samples == again.audio.samples)
        #expect([full, none, again].map(\.record.strength) == [1, 0, 1])
        #expect(try box.workspace.library.clips().map(\.strength).sorted() == [0, 1, 1])
        for bad in [2.5, -0.1, .nan] {
            #expect(throws: WorkspaceError.self) {
                try box.workspace.generate(["a song with <koto>"], settings: WorkspaceSandbox.quickClip, strength: bad)
            }
        }
        #expect(try box.workspace.library.clips().count == 3)
        // Keeping the prompt is recorded the same way, and refused outside 0–10.
        var kept = WorkspaceSandbox.quickClip
        kept.keepPrompt = 3
        let clip = try box.workspace.generate(["a song with <koto>"], settings: kept)[0]
        #expect(clip.record.keepPrompt == 3 && clip.audio.samples != full.audio.samples)
        kept.keepPrompt = 11
        #expect(throws: WorkspaceError.keepPrompt(11)) { try box.workspace.generate(["a song with <koto>"], settings: kept) }
        #expect(try box.workspace.library.clips().count == 4)
    }

    @Test func aRemovedConceptLeavesTheListAndItsFolders() throws {
        let box = try WorkspaceSandbox()
        try box.learn("koto")
        try box.learn("reggae")
        #expect(try box.workspace.concepts().map(\.status) == ["learned", "learned"])
        let removed = try box.workspace.remove("koto")
        #expect(removed.map(\.lastPathComponent) == ["koto-dreamstyler"])
        #expect(try box.workspace.concepts().map(\.name) == ["reggae"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.workspace.conceptsFolder.path) == ["reggae-dreamstyler"])
        #expect(throws: WorkspaceError.notLearned("koto", method: nil)) {
            try box.workspace.generate(["a song with <koto>"], settings: WorkspaceSandbox.quickClip)
        }
    }

    @Test func anExportedConceptImportsIntoAnotherWorkspace() throws {
        let box = try WorkspaceSandbox(), other = try WorkspaceSandbox()
        try box.learn("koto")
        let file = box.data.deletingLastPathComponent().appendingPathComponent("koto.delta.safetensors")
        try box.workspace.export("koto", to: file)
        // Another sandbox writes its own tiny base: same seeds, same bytes, same hash.
        #expect(try other.workspace.importConcepts(from: file) == ["koto"])
        #expect(try other.workspace.concepts().map(\.status) == ["learned"])
        #expect(throws: WorkspaceError.notLearned("nosuch", method: nil)) { try box.workspace.generate(["<nosuch>"]) }
    }

    @Test func evaluateStoresEveryScoreWithTheLearnedRun() throws {
        let box = try WorkspaceSandbox()
        try box.learn("koto")
        try box.learn("reggae")
        var request = EvaluationRequest(concepts: ["koto", "reggae"], prompts: ["a song"])
        request.clipsPerPrompt = 1
        request.settings = WorkspaceSandbox.quickClip
        var clips = 0
        let report = try box.workspace.evaluate(request) { _, _, _ in clips += 1 }
        #expect(clips == 1 && report.scoredAgainstReferences == ["koto", "reggae"])
        let run = try #require(report.storedWith)
        for name in ["text_alignment", "audio_alignment.koto", "audio_alignment.reggae", "delta_audio_alignment"] {
            #expect(try box.workspace.library.metrics(runId: run, name: name).count == 1, "\(name)")
        }
        // At another strength the scores go under their own names, beside the learn's own.
        request.strength = 0.5
        _ = try box.workspace.evaluate(request)
        #expect(try box.workspace.library.metrics(runId: run, name: "text_alignment").count == 1)
        #expect(try box.workspace.library.metrics(runId: run, name: "text_alignment@strength=0.5").count == 1)
    }

    /// Listings show a full evaluation's scores; a quick look's only while there is none, and say so.
    @Test func listingsPreferAFullEvaluationsScoresToAQuickLooks() throws {
        let box = try WorkspaceSandbox()
        try box.learn("koto")
        let lib = box.workspace.library
        let run = try #require(try lib.learnedRun(of: "koto")?.id)
        #expect(try box.workspace.concepts()[0].scores.isEmpty)
        try lib.record(runId: run, [("audio_alignment.koto@quick", [(nil, 40)]), ("text_alignment@quick", [(nil, 3)])])
        var koto = try box.workspace.concepts()[0]
        #expect(koto.scores == ["AA": 40, "TA": 3] && koto.quickScores)
        try lib.record(runId: run, [("audio_alignment.koto", [(nil, 42)]), ("text_alignment", [(nil, 1)])])
        koto = try box.workspace.concepts()[0]
        #expect(koto.scores == ["AA": 42, "TA": 1] && !koto.quickScores)
        // The run's scores, newest of each name, without the learn's stepped losses.
        try lib.record(runId: run, [("text_alignment", [(nil, 2)])])
        let scores = try lib.scores(runId: run).filter { $0.name.contains("alignment") }
        #expect(scores.map(\.name) == ["audio_alignment.koto", "audio_alignment.koto@quick", "text_alignment", "text_alignment@quick"], "\(scores)")
        #expect(scores.map(\.value) == [42, 40, 2, 3])
    }
}
