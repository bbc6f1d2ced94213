import EngineTestSupport
import Foundation
import GRDB
import Library
import Testing

@Suite struct LibraryTests {
    func open() throws -> ConceptLibrary {
        try ConceptLibrary(url: Fixtures.temporaryFolder("library").appendingPathComponent("library.sqlite"))
    }

    func koto() -> ConceptRecord { ConceptRecord(name: "koto", kind: "instrument", classWord: "instrument", tokenCount: 3) }

    @Test func conceptsAreAddedOnceAndFailuresChangeNothing() throws {
        let lib = try open()
        try lib.addConcept(koto(), references: [("a.flac", "abc", 120)])
        #expect(throws: ConceptLibrary.Failure.duplicate("koto")) { try lib.addConcept(self.koto(), references: []) }
        #expect(throws: ConceptLibrary.Failure.invalidName("bad name")) {
            try lib.addConcept(ConceptRecord(name: "bad name", kind: "genre", classWord: "genre", tokenCount: 3), references: [])
        }
        #expect(try lib.concepts().map(\.name) == ["koto"] && lib.references(of: "koto").count == 1)
        #expect(throws: ConceptLibrary.Failure.unknown("sitar", known: ["koto"])) { try lib.references(of: "sitar") }
        // Reopening finds everything (the migration runs once).
        let again = try ConceptLibrary(url: lib.url)
        #expect(try again.concepts().map(\.name) == ["koto"])
    }

    /// A library written before clips had a strength opens, and its clips read as made at strength 1.
    @Test func aFirstVersionLibraryMigratesItsClips() throws {
        let url = Fixtures.temporaryFolder("library-v1").appendingPathComponent("library.sqlite")
        let old = try DatabaseQueue(path: url.path)
        try old.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1');
                CREATE TABLE clip (id INTEGER PRIMARY KEY AUTOINCREMENT, prompt TEXT NOT NULL, seed INTEGER NOT NULL, sampler TEXT NOT NULL,
                                   steps INTEGER NOT NULL, cfg DOUBLE NOT NULL, concepts TEXT NOT NULL, path TEXT NOT NULL, scores TEXT,
                                   starred BOOLEAN NOT NULL, createdAt DATETIME NOT NULL);
                INSERT INTO clip (prompt, seed, sampler, steps, cfg, concepts, path, starred, createdAt)
                    VALUES ('a song with <koto>', 3, 'ddim', 50, 7, 'koto', '/c/1.wav', 0, '2026-11-01 10:00:00.000');
                """)
        }
        try old.close()
        let lib = try ConceptLibrary(url: url)
        #expect(try lib.clips().map(\.strength) == [1])
        try lib.addClip(ClipRecord(prompt: "a song with <koto>", seed: 4, sampler: "ddim", steps: 50, cfg: 7, concepts: ["koto"], strength: 0.5, path: "/c/2.wav"))
        #expect(try ConceptLibrary(url: url).clips().map(\.strength).sorted() == [0.5, 1])
    }

    @Test func runsMetricsRenameAndRemove() throws {
        let lib = try open()
        try lib.addConcept(koto(), references: [("a.flac", "abc", 120)])
        try lib.addConcept(ConceptRecord(name: "reggae", kind: "genre", classWord: "genre", tokenCount: 3), references: [])
        var run = try lib.startRun(RunRecord(concepts: ["koto"], method: "dreamstyler", config: "{}", baseHash: "h"))
        #expect(run.status == .learning && run.id != nil)
        #expect(throws: ConceptLibrary.Failure.self) { try lib.startRun(RunRecord(concepts: ["nobody"], method: "x", config: "{}", baseHash: "h")) }
        try lib.record(runId: run.id!, name: "loss", values: [(10, 0.5), (20, 0.4)])
        // A resumed run logs step 20 again: the value is replaced, not duplicated.
        try lib.record(runId: run.id!, name: "loss", values: [(20, 0.39), (30, 0.3)])
        #expect(try lib.metrics(runId: run.id!, name: "loss").map(\.value) == [0.5, 0.39, 0.3])
        run.status = .learned
        run.deltaPath = "/d/koto.delta.safetensors"
        try lib.update(run)
        let joint = try lib.startRun(RunRecord(concepts: ["koto", "reggae"], method: "dreamstyler", config: "{}", baseHash: "h"))
        #expect(try lib.learnedRun(of: "koto")?.id == run.id)
        try lib.rename("koto", to: "zither")
        #expect(try lib.runs(of: "zither").count == 2 && lib.runs(of: "koto").isEmpty)
        #expect(throws: ConceptLibrary.Failure.duplicate("reggae")) { try lib.rename("zither", to: "reggae") }
        // Removing deletes the concept's own runs (returning them, for their folders) but keeps joint history.
        #expect(try lib.remove("zither").map(\.deltaPath) == ["/d/koto.delta.safetensors"])
        #expect(try lib.runs().map(\.id) == [joint.id])
        #expect(try lib.metrics(runId: run.id!, name: "loss").isEmpty)
    }

    @Test func theSameConceptMayBeLearnedAgainButANameIsNotReusedForOtherAudio() throws {
        let lib = try open()
        let first = try lib.addOrMatch(koto(), references: [("a.flac", "abc", 120)])
        let again = try lib.addOrMatch(koto(), references: [("elsewhere/a.flac", "abc", 120)])
        #expect(try first.id == again.id && lib.concepts().count == 1)
        #expect(throws: ConceptLibrary.Failure.otherReferences("koto")) { try lib.addOrMatch(self.koto(), references: [("b.flac", "def", 120)]) }
        #expect(try lib.references(of: "koto").map(\.sha256) == ["abc"])
    }

    @Test func clipsAreKept() throws {
        let lib = try open()
        try lib.addClip(ClipRecord(prompt: "a calm song with <koto>", seed: 3, sampler: "ddim", steps: 50, cfg: 7, concepts: ["koto"], path: "/c/1.wav"))
        let c = try lib.clips()
        #expect(c.count == 1 && c[0].concepts == "koto" && c[0].seed == 3 && !c[0].starred)
    }
}
