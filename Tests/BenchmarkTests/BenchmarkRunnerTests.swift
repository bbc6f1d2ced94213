import Audio
import Benchmark
import Engine
import EngineTestSupport
import Foundation
import Generation
import Method
import ModelTestSupport
import Testing
import Text
import TextTestSupport
import Training

@Suite(.serialized) struct BenchmarkRunnerTests {
    func runner(_ folder: URL, settings: BenchmarkSettings? = nil) throws -> BenchmarkRunner {
        try BenchmarkFixture.runner(folder, settings: settings)
    }

    @Test func tableOneAndThreeLearnEachConceptAtThePOfItsKind() {
        let rows = BenchmarkPlan.rows(tables: [1, 2, 3], concepts: ["koto", "reggae"], methods: [.dreamstyler, .textualInversion],
                                      ablation: ["koto", "reggae"], pair: ["koto", "reggae"], pivotal: { $0 == "reggae" ? 100 : 5 })
        let keys = Set(BenchmarkPlan.cells(rows).map(\.key))
        for k in ["koto/dreamstyler/t3/p5", "reggae/dreamstyler/t3/p100", "reggae/dreamstyler/t1/p100", "reggae/dreamstyler/t5/p100",
                  "koto+reggae/dreamstyler/t1/p100", "reggae/dreamstyler/t3/p5", "reggae/textual-inversion/t3"] {
            #expect(keys.contains(k), "\(k) missing from \(keys.sorted())")
        }
        // Table 1's reggae cell is Table 2's P = 100 % cell: learned once.
        #expect(rows.first { $0.table == 1 && $0.label == "DreamStyler" }?.cells.last?.key == "reggae/dreamstyler/t3/p100")
        #expect(!keys.contains("reggae/dreamstyler/t1/p5"))
        // The pair learns at the larger P of its two, as `learn` learns them together.
        #expect(!keys.contains { $0.hasPrefix("koto+reggae/") && !$0.hasSuffix("/p100") })
    }

    @Test func aCellAtOneHundredPercentLearnsNoMask() throws {
        let folder = Fixtures.temporaryFolder("bench-p100")
        var lines: [String] = []
        let runner = try BenchmarkFixture.runner(folder, log: { lines.append($0) })
        let cell = BenchmarkCell(concepts: ["reggae"], method: .dreamstyler, pivotalPercent: 100, tokens: 1)
        #expect(try runner.run([cell], stop: StopSignal()))
        // Every entry trains whatever Δ_M says, so none is learned (`learn` skips it too).
        #expect(runner.results.results[cell.key] != nil)
        #expect(!lines.contains { $0.contains("mask of") }, "\(lines)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("masks/reggae-t1.safetensors").path))
    }

    @Test func planHasThePapersRowsAndSharesCells() {
        let rows = BenchmarkPlan.rows(tables: [1, 2, 3], concepts: ["koto", "reggae"], methods: TuningMethod.allCases, ablation: ["koto", "reggae"], pair: ["koto", "reggae"])
        #expect(rows.filter { $0.table == 1 }.map(\.label) == ["base model (no concept)", "base model, concept named in words", "DreamStyler", "Textual Inversion", "DreamBooth", "Custom Diffusion"])
        #expect(rows.filter { $0.table == 2 }.map(\.label) == ["P = 1 %", "P = 5 %", "P = 10 %", "P = 50 %", "P = 100 %", "P = 5 %, random"])
        #expect(rows.filter { $0.table == 3 }.count == 6)
        // DreamStyler at 5 % with 3 tokens is a cell of all three tables, and runs once.
        let cells = BenchmarkPlan.cells(rows)
        #expect(cells.filter { $0.key == "koto/dreamstyler/t3/p5" }.count == 1)
        #expect(rows.filter { $0.cells.contains { $0.key == "koto/dreamstyler/t3/p5" } }.map(\.table) == [1, 2, 3])
        // 2 × 2 base + 8 methods + (4 more ratios + random) × 2 + (tokens 1 and 5) × 2 + 3 joint.
        #expect(cells.count == 4 + 8 + 10 + 4 + 3)
        #expect(cells.contains { $0.key == "koto/base-words" && $0.namedInWords } && cells.contains { $0.key == "koto/base" && !$0.namedInWords })
        // A method's cell never names in words; results written before the row existed still decode.
        #expect(!BenchmarkCell(concepts: ["koto"], method: .dreambooth, namedInWords: true).namedInWords)
        let old = #"{"concepts":["koto"],"pivotalPercent":0,"selection":"pivotal","tokens":0}"#
        #expect((try? JSONDecoder().decode(BenchmarkCell.self, from: Data(old.utf8)))?.key == "koto/base")
        #expect(cells.contains { $0.key == "koto+reggae/dreamstyler/t1/p5" })
        #expect(BenchmarkCell(concepts: ["koto"], method: .textualInversion, pivotalPercent: 50).key == "koto/textual-inversion/t3")
    }

    @Test func runsCellsResumesAndWritesTables() throws {
        let folder = Fixtures.temporaryFolder("bench-results")
        let rows = BenchmarkPlan.rows(tables: [1, 2, 3], concepts: ["koto"], methods: [.dreamstyler, .textualInversion], ablation: ["koto", "reggae"], pair: ["koto", "reggae"])
            .filter { $0.table == 1 || $0.label == "P = 10 %" || $0.label == "P = 5 %, random" || $0.label == "1 token, two concepts" }
        let cells = BenchmarkPlan.cells(rows)
        let stop = StopSignal()
        // The first three cells (the two base rows and DreamStyler), then a stop before the fourth.
        let first = try runner(folder)
        #expect(try first.run(Array(cells.prefix(3)), stop: stop))
        let kept = first.results.results
        #expect(kept.count == 3 && FileManager.default.fileExists(atPath: folder.appendingPathComponent("masks/koto-t3.safetensors").path))
        stop.request()
        #expect(try !first.run(cells, stop: stop))
        #expect(first.results.results.count == 3)
        // A new runner keeps what was done and runs the rest.
        let second = try runner(folder)
        #expect(second.results.results == kept)
        #expect(try second.run(cells, stop: StopSignal()))
        #expect(Set(second.results.results.keys) == Set(cells.map(\.key)))
        let jointResult = second.results.results["koto+reggae/dreamstyler/t1/p5"]!
        #expect(jointResult.audioAlignment.keys.sorted() == ["koto", "reggae"] && jointResult.deltaAudioAlignment != nil)
        // Each concept of the pair is also asked for alone, and scored against its own recording.
        #expect(jointResult.alone?.keys.sorted() == ["koto", "reggae"] && jointResult.alone!.values.allSatisfy { $0.audioAlignment.isFinite && $0.recognition == nil })
        #expect(second.results.results["koto/dreamstyler/t3/p5"]?.alone == nil)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("masks/reggae-t1.safetensors").path))
        // The joint model is kept, for the concept-enhancement figure; it holds both concepts' identifiers.
        let joint = try ConceptDelta.read(folder.appendingPathComponent("deltas/koto+reggae_dreamstyler_t1_p5.delta.safetensors"))
        #expect(joint.tokens.keys.sorted() == ["koto", "reggae"] && joint.tokens["koto"]!.shape[0] == 1)
        let base = second.results.results["koto/base"]!
        #expect(base.trainable == 0 && base.deltaBytes == 0 && base.prompts == 2 && base.clipsPerPrompt == 1)
        let ds = second.results.results["koto/dreamstyler/t3/p5"]!, ti = second.results.results["koto/textual-inversion/t3"]!
        #expect(ds.trainable > ti.trainable && ti.trainable == 3 * TinyBert.configuration.hiddenSize)
        // Random selection trains as many self-attention V entries as the pivotal one.
        #expect(second.results.results["koto/dreamstyler/t3/p5-random"]!.trainable == ds.trainable)
        #expect(second.results.results["koto/dreamstyler/t3/p10"]!.trainable > ds.trainable)
        // No tuning checkpoints are left behind once a cell is done.
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("runs").path)) ?? []
        #expect(runs.isEmpty)

        let tables = BenchmarkTables(rows: rows, results: second.results, kinds: ["koto": .instrument, "reggae": .genre])
        let md = tables.markdown
        for label in ["Table 1 — methods", "| DreamStyler |", "| Textual Inversion |", "| base model (no concept) |", "Table 2", "| P = 10 % |", "Table 3",
                      "| 1 token, two concepts |", "2 prompts × 1 clips"] {
            #expect(md.contains(label), "tables.md lacks \(label)")
        }
        #expect(md.contains(String(format: "%.1f", ds.textAlignment)))
        let lines = tables.csv.split(separator: "\n")
        // Header + one line per (row, cell, concept): Table 1's four rows of koto, Table 2's two rows of koto and reggae,
        // the joint pair's two concepts.
        #expect(lines.count == 1 + 4 + 2 * 2 + 2)
        // "koto" in words is another prompt than none: other clips, another Text Alignment.
        let words = second.results.results["koto/base-words"]!
        #expect(words.trainable == 0 && words.textAlignment != base.textAlignment)
        #expect(lines.contains { $0.hasPrefix("3,\"1 token, two concepts\",koto+reggae,dreamstyler,5,pivotal,1,reggae,") })
    }

    @Test func aStopIsHonouredBetweenCellsThatOnlyScore() throws {
        let r = try runner(Fixtures.temporaryFolder("bench-stop-base"))
        let stop = StopSignal()
        let cells = [BenchmarkCell(concepts: ["koto"], method: nil), BenchmarkCell(concepts: ["reggae"], method: nil)]
        #expect(try !r.run(cells, stop: stop, afterEach: { stop.request() }))
        #expect(r.results.results.keys.sorted() == ["koto/base"])
    }

    @Test func aSecondRunIntoAFolderBeingWrittenIsRefused() throws {
        let folder = Fixtures.temporaryFolder("bench-lock")
        let first = try runner(folder), second = try runner(folder)
        var refusal = ""
        #expect(try first.run([BenchmarkCell(concepts: ["koto"], method: nil)], stop: StopSignal(), afterEach: {
            do { _ = try second.run([BenchmarkCell(concepts: ["reggae"], method: nil)], stop: StopSignal()) } catch { refusal = "\(error)" }
        }))
        #expect(refusal.contains("another benchmark run (process \(getpid()))") && refusal.contains(folder.path), "\(refusal)")
        #expect(second.results.results.isEmpty)
        // Once the first run has ended, the folder is free, and what it saved is kept.
        #expect(try second.run([BenchmarkCell(concepts: ["reggae"], method: nil)], stop: StopSignal()))
        #expect(second.results.results.keys.sorted() == ["koto/base", "reggae/base"])
    }

    @Test func aFolderOfOtherSettingsIsRefused() throws {
        let folder = Fixtures.temporaryFolder("bench-other")
        let r = try runner(folder)
        #expect(try r.run([BenchmarkCell(concepts: ["koto"], method: nil)], stop: StopSignal()))
        var other = BenchmarkFixture.settings()
        other.learn.steps = 3
        #expect(throws: BenchmarkResults.Failure.self) { _ = try runner(folder, settings: other) }
        #expect(throws: (any Error).self) { _ = try runner(folder).run([BenchmarkCell(concepts: ["sitar"], method: .dreamstyler)], stop: StopSignal()) }
        // A folder holds one precision, and says which to continue it with.
        var bf16 = BenchmarkFixture.settings()
        bf16.precision = .bf16
        #expect { _ = try runner(folder, settings: bf16) } throws: { "\($0)".hasSuffix("holds results computed in fp32; continue it with --precision fp32, or choose another --out") }
        // Results from before the precision was recorded were float32 and continue as such.
        let url = BenchmarkResults.url(in: folder)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var settings = try #require(json["settings"] as? [String: Any])
        #expect(settings.removeValue(forKey: "precision") as? String == "fp32")
        json["settings"] = settings
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        #expect(try runner(folder).results.results.count == 1)
    }

    @Test func theBaseRowsClipsAreMadeOnceAndScoreAsIfMadeAnew() throws {
        let both = try runner(Fixtures.temporaryFolder("bench-base-rows"))
        #expect(try both.run([BenchmarkCell(concepts: ["koto"], method: nil), BenchmarkCell(concepts: ["reggae"], method: nil)], stop: StopSignal()))
        // 2 prompts × 1 clip, made for koto's row and scored again for reggae's.
        #expect(both.baseClips.count == 2)
        let alone = try runner(Fixtures.temporaryFolder("bench-base-alone"))
        #expect(try alone.run([BenchmarkCell(concepts: ["reggae"], method: nil)], stop: StopSignal()))
        var shared = both.results.results["reggae/base"]!, fresh = alone.results.results["reggae/base"]!
        shared.evaluateSeconds = 0
        fresh.evaluateSeconds = 0
        #expect(shared == fresh)
        #expect(shared.audioAlignment != both.results.results["koto/base"]!.audioAlignment)
        // The rows that name a concept make their own clips.
        #expect(try both.run([BenchmarkCell(concepts: ["koto"], method: nil, namedInWords: true)], stop: StopSignal()))
        #expect(both.baseClips.count == 2)
    }

    @Test func aCellLearnsWithPriorClipsAsLearnDoes() throws {
        var with = BenchmarkFixture.settings(), without = BenchmarkFixture.settings()
        with.learn.priorShare = 0.5; with.learn.priorClips = 2
        without.learn.priorShare = 0
        let cell = BenchmarkCell(concepts: ["koto"], method: .dreambooth)
        let a = try runner(Fixtures.temporaryFolder("bench-prior"), settings: with), b = try runner(Fixtures.temporaryFolder("bench-no-prior"), settings: without)
        #expect(try a.run([cell], stop: StopSignal()) && b.run([cell], stop: StopSignal()))
        let la = try #require(a.results.results[cell.key]?.finalLoss), lb = try #require(b.results.results[cell.key]?.finalLoss)
        // Same seed, same concept rows drawn differently around the prior row: another loss.
        #expect(la.isFinite && lb.isFinite && la != lb)
    }
}
