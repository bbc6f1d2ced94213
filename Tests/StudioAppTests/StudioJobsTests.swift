import Foundation
import Library
import Studio
import StudioApp
import Testing
import Workspace
import WorkspaceTestSupport

/// The studio's jobs and effects over a workspace: the same actions as the command line's, with
/// the same records, reported as events.
@Suite(.serialized) struct StudioJobsTests {
    /// A studio over the sandbox's workspace, never drawn (no terminal is opened).
    func studio(_ box: WorkspaceSandbox) throws -> StudioApp {
        try StudioApp(workspace: box.workspace, options: StudioOptions(executable: "/bin/false"))
    }

    /// The events the jobs post, until `done` says they are complete (or 120 s pass).
    func events(_ app: StudioApp, until done: ([StudioEvent]) -> Bool) -> [StudioEvent] {
        var seen: [StudioEvent] = []
        let end = Date().addingTimeInterval(120)
        while !done(seen) && Date() < end {
            seen += app.takeEvents()
            Thread.sleep(forTimeInterval: 0.02)
        }
        return seen
    }

    func clip(_ prompt: String) -> StudioEffect {
        var choice = GenerationChoice()
        choice.seconds = 1; choice.steps = 2
        return .generate(prompt: prompt, settings: choice)
    }

    static func isClip(_ e: StudioEvent) -> Bool { if case .clipReady = e { return true }; return false }
    static func failure(_ e: StudioEvent) -> String? { if case .generationFailed(let m) = e { return m }; return nil }

    @Test func generateRecordsTheClipInTheLibrary() async throws {
        let box = try WorkspaceSandbox()
        let app = try studio(box)
        await app.perform(clip("a calm song"))
        let seen = events(app) { $0.contains(where: Self.isClip) || $0.contains { Self.failure($0) != nil } }
        guard case .clipReady(let view)? = seen.first(where: Self.isClip) else { Issue.record("no clip: \(seen)"); return }
        #expect(try box.workspace.library.clips().map(\.path) == [view.path])
    }

    @Test func renameThenGenerateUsesTheNewName() async throws {
        let box = try WorkspaceSandbox()
        try box.learn("koto")
        let app = try studio(box)
        await app.perform(.rename("koto", to: "zither"))
        await app.perform(clip("a song with <zither>"))
        let seen = events(app) { $0.contains(where: Self.isClip) || $0.contains { Self.failure($0) != nil } }
        #expect(seen.compactMap(Self.failure).isEmpty, "\(seen.compactMap(Self.failure))")
        #expect(try box.workspace.library.clips().map(\.conceptNames) == [["zither"]])
        #expect(try box.workspace.concepts().map(\.name) == ["zither"])
    }

    @Test func removeThenListShowsNoConcept() async throws {
        let box = try WorkspaceSandbox()
        try box.learn("koto")
        let app = try studio(box)
        await app.perform(.remove("koto"))
        let rows = app.takeEvents().compactMap { e -> [ConceptRow]? in if case .library(let r) = e { return r }; return nil }
        #expect(rows.last?.isEmpty == true)
        #expect(try box.workspace.concepts().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.workspace.conceptsFolder.path).isEmpty)
    }

    @Test func evaluateRecordsTheSameScoresAsTheCommandLine() async throws {
        let box = try WorkspaceSandbox()
        try box.learn("koto")
        try box.learn("reggae")
        let app = try studio(box)
        await app.perform(.evaluate(["koto", "reggae"], settings: GenerationChoice()))
        let seen = events(app) { $0.contains { if case .alignment = $0 { return true }; if case .message(_, .bad) = $0 { return true }; return false } }
        guard case .alignment(let view)? = seen.first(where: { if case .alignment = $0 { return true }; return false }) else {
            Issue.record("no scores: \(seen)"); return
        }
        #expect(view.deltaAudioAlignment != nil)
        let run = try #require(try box.workspace.library.learnedRun(of: "koto")?.id)
        // A quick look's scores stand apart from a full evaluation's.
        #expect(try box.workspace.library.metrics(runId: run, name: "delta_audio_alignment@quick").count == 1)
        #expect(try box.workspace.library.metrics(runId: run, name: "delta_audio_alignment").isEmpty)
        // This base folder ships no classifier: nothing is classified, and the panel says why.
        #expect(view.recognition.isEmpty && view.unclassified == "the base model ships no concept classifier")
        #expect(try box.workspace.library.metrics(runId: run, name: "recognised.koto").isEmpty)
    }

    @Test func evaluateUsesTheSettingsRowsStrengthAndKeepPrompt() async throws {
        let box = try WorkspaceSandbox()
        try box.learn("koto")
        let app = try studio(box)
        var choice = GenerationChoice()
        choice.strength = 0.5
        choice.keep = 3
        await app.perform(.evaluate(["koto"], settings: choice))
        let view = try #require(alignment(app))
        #expect(view.samples.hasSuffix("· strength 0.5 · keep-prompt 3"), "\(view.samples)")
        // Stored as evaluate --strength 0.5 --keep-prompt 3 names them, marked as a quick look's.
        let run = try #require(try box.workspace.library.learnedRun(of: "koto")?.id)
        #expect(try box.workspace.library.metrics(runId: run, name: "text_alignment@quick,strength=0.5,keep-prompt=3.0").count == 1)
        #expect(try box.workspace.library.metrics(runId: run, name: "text_alignment").isEmpty)
    }

    /// The panel's view of the next evaluation the app reports (nil: it failed or never came).
    func alignment(_ app: StudioApp) -> AlignmentView? {
        let seen = events(app) { $0.contains { if case .alignment = $0 { return true }; if case .message(_, .bad) = $0 { return true }; return false } }
        for e in seen { if case .alignment(let v) = e { return v } }
        Issue.record("no scores: \(seen)")
        return nil
    }

    @Test func evaluateShowsRecognitionWhereTheBaseShipsAClassifier() async throws {
        let box = try WorkspaceSandbox(classifier: ["koto", "reggae", "other"])
        try box.learn("koto")
        try box.learn("zither")
        let app = try studio(box)
        await app.perform(.evaluate(["koto"], settings: GenerationChoice()))
        let view = try #require(alignment(app))
        let heard = try #require(view.recognition["koto"])
        #expect(view.unclassified == nil && (0...1).contains(heard.share) && heard.meanProbability > 0 && heard.meanProbability < 1)
        // The panel shows what the library stored, named as evaluate --recognise names it, marked quick.
        let run = try #require(try box.workspace.library.learnedRun(of: "koto")?.id)
        #expect(try box.workspace.library.metrics(runId: run, name: "recognised.koto@quick").map(\.value) == [heard.share])
        #expect(try box.workspace.library.metrics(runId: run, name: "p_concept.koto@quick").map(\.value) == [heard.meanProbability])
        var state = StudioState()
        state.focus = .alignment
        state.alignment = view
        let screen = StudioRenderer.render(state, width: 80, height: 24).text
        let line = String(format: "recognised <koto> %.0f %% of clips · mean P(concept) %.2f", 100 * heard.share, heard.meanProbability)
        #expect(screen.contains(line), "\(screen)")

        // A concept the classifier has no class for: scored, not classified, and said so.
        await app.perform(.evaluate(["zither"], settings: GenerationChoice()))
        let other = try #require(alignment(app))
        #expect(other.audioAlignment["zither"] != nil && other.recognition.isEmpty)
        #expect(other.unclassified == "<zither> is not one of the concept classifier's classes")
    }
}
