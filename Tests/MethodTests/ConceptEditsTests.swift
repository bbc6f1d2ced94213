import EngineTestSupport
import Foundation
import Library
import Method
import Testing
import Training

/// Rename, remove and import change files and rows together: both or neither.
@Suite(.serialized) struct ConceptEditsTests {
    @Test func removeDeletesTheFoldersOfStoppedAndLearnedRunsAlike() throws {
        let box = try LearnSandbox()
        let stop = StopSignal()
        var tuning = false
        let record = try box.session().run(stop: stop) { event in
            if case .phase("tuning", _) = event { tuning = true }
            if tuning, case .log = event { stop.request() }
        }
        #expect(record.status == .stopped)
        try box.session("reggae").run(stop: StopSignal())
        let concepts = box.data.appendingPathComponent("concepts")
        #expect(try FileManager.default.contentsOfDirectory(atPath: concepts.path).sorted() == ["koto-dreamstyler", "reggae-dreamstyler"])
        let removed = try ConceptEdits.remove("koto", library: box.library, dataFolder: box.data)
        #expect(removed.map(\.lastPathComponent) == ["koto-dreamstyler"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: concepts.path) == ["reggae-dreamstyler"])
        #expect(try box.library.concepts().map(\.name) == ["reggae"])
    }

    @Test func renameRewritesTheDeltaOrChangesNothing() throws {
        let box = try LearnSandbox()
        try box.session().run(stop: StopSignal())
        let path = try #require(try box.library.learnedRun(of: "koto")?.deltaPath)
        let url = URL(fileURLWithPath: path)

        // A delta that cannot be rewritten (damaged here; a full disk fails the same way): nothing changes.
        let good = try Data(contentsOf: url)
        try Data("damaged".utf8).write(to: url)
        let files = box.snapshot(), rows = try box.rows()
        #expect(throws: (any Error).self) { try ConceptEdits.rename("koto", to: "zither", library: box.library, dataFolder: box.data) }
        #expect(box.snapshot() == files, "no file changed, no temporary file left")
        #expect(try box.rows() == rows, "the row is not renamed")
        #expect(try box.library.concept(named: "koto") != nil)

        // A good one: row, tokens and run folder renamed together.
        try good.write(to: url)
        try ConceptEdits.rename("koto", to: "zither", library: box.library, dataFolder: box.data)
        #expect(try box.library.concept(named: "zither") != nil && box.library.concept(named: "koto") == nil)
        let moved = try #require(try box.library.learnedRun(of: "zither")?.deltaPath)
        #expect(moved == box.data.path + "/concepts/zither-dreamstyler/koto.delta.safetensors")
        let renamed = try ConceptDelta.read(URL(fileURLWithPath: moved))
        #expect(Set(renamed.tokens.keys) == ["zither"] && Set(renamed.manifest.concepts.keys) == ["zither"])
        let concepts = box.data.appendingPathComponent("concepts")
        #expect(try FileManager.default.contentsOfDirectory(atPath: concepts.path) == ["zither-dreamstyler"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: concepts.appendingPathComponent("zither-dreamstyler").path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")

        // A new concept of the old name learns afresh, beside the renamed one and without touching it.
        let zither = try Data(contentsOf: URL(fileURLWithPath: moved))
        #expect(try box.session().run(stop: StopSignal()).status == .learned)
        #expect(try Data(contentsOf: URL(fileURLWithPath: moved)) == zither)
        #expect(try FileManager.default.contentsOfDirectory(atPath: concepts.path).sorted() == ["koto-dreamstyler", "zither-dreamstyler"])
    }

    @Test func importIsAllOrNothingAndRefusesTakenNames() throws {
        let box = try LearnSandbox()
        try box.session().run(stop: StopSignal())
        let path = try #require(try box.library.learnedRun(of: "koto")?.deltaPath)
        let files = box.snapshot(), rows = try box.rows()
        let e = try #require(throws: ConceptLibrary.Failure.self) {
            try ConceptEdits.importDelta(URL(fileURLWithPath: path), base: box.base, library: box.library, dataFolder: box.data)
        }
        #expect(e == .duplicate("koto"))
        #expect(box.snapshot() == files)
        #expect(try box.rows() == rows)
    }
}
