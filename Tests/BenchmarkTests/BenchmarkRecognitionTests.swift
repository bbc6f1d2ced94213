import Benchmark
import EngineTestSupport
import Foundation
import Method
import Testing
import Training

/// Recognition in the benchmark: recorded per cell when the base ships a classifier, shown in
/// Tables 1–3 (Markdown and CSV), absent from older results without breaking them.
@Suite(.serialized) struct BenchmarkRecognitionTests {
    static let rows = BenchmarkPlan.rows(tables: [1, 2, 3], concepts: ["koto", "reggae"], methods: [.dreamstyler, .textualInversion],
                                         ablation: ["koto", "reggae"], pair: ["koto", "reggae"])
    static let kinds: [String: ConceptKind] = ["koto": .instrument, "reggae": .genre]

    static func heard(_ recognised: Int, of clips: Int, p: Double, as name: String) -> ConceptEvaluation.RecognitionSummary {
        .init(className: name, clips: clips, recognised: recognised, meanProbability: p)
    }

    static func result(_ cell: BenchmarkCell, ta: Double, aa: [String: Double], delta: Double? = nil,
                       recognition: [String: ConceptEvaluation.RecognitionSummary]?, alone: [String: BenchmarkResult.NamedAlone]? = nil) -> BenchmarkResult {
        BenchmarkResult(cell: cell, audioAlignment: aa, textAlignment: ta, deltaAudioAlignment: delta, prompts: 2, clipsPerPrompt: 2, seeds: [1, 2],
                        trainable: cell.method == nil ? 0 : 100, deltaBytes: cell.method == nil ? 0 : 1000, finalLoss: nil,
                        learnSeconds: 1, evaluateSeconds: 2, recognition: recognition, alone: alone)
    }

    /// Every kind of cell: never classified (the base rows), classified, one of a row's two left
    /// unclassified (a cell kept from an older run), and the jointly learned pair.
    static var handMade: BenchmarkResults {
        var r = BenchmarkResults(settings: BenchmarkFixture.settings(), prompts: ["slow", "fast"], baseHash: "0123456789abcdef")
        func add(_ x: BenchmarkResult) { r.results[x.cell.key] = x }
        for c in ["koto", "reggae"] { add(result(BenchmarkCell(concepts: [c], method: nil), ta: 11, aa: [c: 1], recognition: nil)) }
        add(result(BenchmarkCell(concepts: ["koto"], method: .dreamstyler), ta: 10, aa: ["koto": 20], recognition: ["koto": heard(3, of: 4, p: 0.7, as: "koto")]))
        add(result(BenchmarkCell(concepts: ["reggae"], method: .dreamstyler), ta: 10, aa: ["reggae": 20], recognition: ["reggae": heard(1, of: 4, p: 0.3, as: "reggae")]))
        add(result(BenchmarkCell(concepts: ["koto"], method: .textualInversion), ta: 8, aa: ["koto": 10], recognition: ["koto": heard(2, of: 4, p: 0.5, as: "koto")]))
        add(result(BenchmarkCell(concepts: ["reggae"], method: .textualInversion), ta: 8, aa: ["reggae": 10], recognition: nil))
        add(result(BenchmarkCell(concepts: ["koto", "reggae"], method: .dreamstyler, tokens: 1), ta: 6, aa: ["koto": 12, "reggae": 8], delta: 2,
                   recognition: ["koto": heard(2, of: 4, p: 0.4, as: "koto"), "reggae": heard(1, of: 4, p: 0.25, as: "reggae")],
                   alone: ["koto": .init(audioAlignment: 25, textAlignment: 5, recognition: heard(3, of: 4, p: 0.6, as: "koto")),
                           "reggae": .init(audioAlignment: 30, textAlignment: 4, recognition: heard(2, of: 4, p: 0.45, as: "reggae"))]))
        return r
    }

    @Test func table1IsShownForTheNovelSubsetAndConceptByConcept() throws {
        let md = BenchmarkTables(rows: Self.rows, results: Self.handMade, kinds: Self.kinds, novel: ["koto", "polka"]).markdown
        for line in [
            "### Table 1, the strictly novel subset",
            "never heard in pretraining: koto.",
            "| base model (no concept) | 11.0 | 1.0 | — | — |",
            "| base model, concept named in words (0/1) | … | … | … | … |",
            // koto alone: its DreamStyler cell is 3 of 4, not the mean with reggae's 1 of 4.
            "| DreamStyler | 10.0 | 20.0 | 75 % | 0.70 |",
            "| Textual Inversion | 8.0 | 10.0 | 50 % | 0.50 |",
            "| Concept | base model (no concept) | base model, concept named in words | DreamStyler | Textual Inversion |",
            "| koto * | — | … | 75 % (0.70) | 50 % (0.50) |",
            "| reggae | — | … | 25 % (0.30) | — |",
        ] {
            #expect(md.contains(line), "tables.md lacks\n\(line)\nin\n\(md)")
        }
        // Without novel concepts among them, no subset table; the concept-by-concept one stays.
        let plain = BenchmarkTables(rows: Self.rows, results: Self.handMade, kinds: Self.kinds, novel: ["polka"]).markdown
        #expect(!plain.contains("strictly novel subset") && plain.contains("| koto | — | … | 75 % (0.70) | 50 % (0.50) |"))
    }

    @Test func tablesShowRecognisedAndPConceptPerRow() throws {
        let md = BenchmarkTables(rows: Self.rows, results: Self.handMade, kinds: Self.kinds).markdown
        for line in [
            // Table 1: the base model was not classified; DreamStyler is the mean of 75 % and 25 %, 0.7 and 0.3;
            // Textual Inversion has one of its two cells classified, and says so.
            "| Method | Text Alignment | Audio Alignment | Recognised | P(concept) | TA instruments |",
            "| base model (no concept) | 11.0 | 1.0 | — | — | 11.0 | 1.0 | 11.0 | 1.0 |",
            "| DreamStyler | 10.0 | 20.0 | 50 % | 0.50 | 10.0 | 20.0 | 10.0 | 20.0 |",
            "| Textual Inversion | 8.0 | 10.0 | 50 % (1/2) | 0.50 (1/2) | 8.0 | 10.0 | 8.0 | 10.0 |",
            // Table 2: the shared cells; a row not run yet.
            "| Pivotal parameters | Text Alignment | Audio Alignment | Recognised | P(concept) | trained entries |",
            "| P = 5 % | 10.0 | 20.0 | 50 % | 0.50 | 0.1 k |",
            "| P = 1 % (0/2) | … | … | … | … | … |",
            // Table 3: the pair, per concept, beside the per-concept Audio Alignment.
            "| Identifier tokens | Text Alignment | Audio Alignment | per-concept Audio Alignment | ΔAudio Alignment | Recognised | P(concept) | each named alone",
            "| 3 tokens, single | 10.0 | 20.0 | — | — | 50 % | 0.50 | — |",
            // The pair's clips name both; the same model asked for each alone is heard more.
            "| 1 token, two concepts | 6.0 | 10.0 | koto 12.0, reggae 8.0 | 2.0 | koto 50 %, reggae 25 % | koto 0.40, reggae 0.25 | koto 75 % (25.0), reggae 50 % (30.0) |",
        ] {
            #expect(md.contains(line), "tables.md lacks\n\(line)\nin\n\(md)")
        }
        let csv = BenchmarkTables(rows: Self.rows, results: Self.handMade, kinds: Self.kinds).csv.split(separator: "\n").map(String.init)
        #expect(csv[0].hasSuffix(",evaluate_seconds,recognised_percent,p_concept,recognition_clips,alone_audio_alignment,alone_text_alignment,alone_recognised_percent,alone_p_concept"))
        func line(_ prefix: String) -> String? { csv.first { $0.hasPrefix(prefix) } }
        #expect(line("1,DreamStyler,koto,dreamstyler,5,pivotal,3,koto,20.000,")?.hasSuffix(",2.0,75.000,0.7000,4,,,,") == true)
        #expect(line("1,Textual Inversion,reggae,textual-inversion,")?.hasSuffix(",2.0,,,,,,,") == true)
        #expect(line("3,\"1 token, two concepts\",koto+reggae,dreamstyler,5,pivotal,1,reggae,")?.hasSuffix(",25.000,0.2500,4,30.000,4.000,50.000,0.4500") == true)
        // Every line has as many fields as the header.
        let header = csv[0].split(separator: ",", omittingEmptySubsequences: false).count
        #expect(csv.filter { !$0.contains("\"") }.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == header })
    }

    @Test func resultsWrittenBeforeRecognitionStillOpen() throws {
        let folder = Fixtures.temporaryFolder("bench-old")
        let fresh = BenchmarkResults(settings: BenchmarkFixture.settings(), prompts: ["slow", "fast"], baseHash: "0123456789abcdef")
        // A cell as results.json held it before recognition was recorded.
        let old = """
        {"cell":{"concepts":["koto"],"method":"dreamstyler","pivotalPercent":5,"selection":"pivotal","tokens":3},
         "audioAlignment":{"koto":12.5},"textAlignment":8.5,"prompts":2,"clipsPerPrompt":2,"seeds":[1,2],
         "trainable":100,"deltaBytes":1000,"finalLoss":0.125,"learnSeconds":30,"evaluateSeconds":4}
        """
        var file = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(fresh)) as? [String: Any])
        file["results"] = ["koto/dreamstyler/t3/p5": try JSONSerialization.jsonObject(with: Data(old.utf8))]
        try JSONSerialization.data(withJSONObject: file).write(to: BenchmarkResults.url(in: folder))
        let opened = try BenchmarkResults.open(in: folder, settings: fresh.settings, prompts: fresh.prompts, baseHash: fresh.baseHash)
        let r = try #require(opened.results["koto/dreamstyler/t3/p5"])
        #expect(r.recognition == nil && r.audioAlignment == ["koto": 12.5] && r.finalLoss == 0.125)
        let rows = BenchmarkPlan.rows(tables: [1], concepts: ["koto"], methods: [.dreamstyler], ablation: [], pair: nil)
        let tables = BenchmarkTables(rows: rows, results: opened, kinds: Self.kinds)
        #expect(tables.markdown.contains("| DreamStyler | 8.5 | 12.5 | — | — |"))
        #expect(tables.csv.contains(",30.0,4.0,,,,,,,\n"))
        // Recognition, once recorded, is written and read back.
        var now = opened
        now.results["koto/dreamstyler/t3/p5"]!.recognition = ["koto": Self.heard(1, of: 4, p: 0.375, as: "koto")]
        try now.save(in: folder)
        #expect(try BenchmarkResults.open(in: folder, settings: fresh.settings, prompts: fresh.prompts, baseHash: fresh.baseHash) == now)
    }

    @Test func aRunWithAClassifierRecordsRecognition() throws {
        let folder = Fixtures.temporaryFolder("bench-recognised")
        let runner = try BenchmarkFixture.runner(folder, classifier: ["koto", "reggae", "other"])
        #expect(runner.recognising)
        let rows = BenchmarkPlan.rows(tables: [1, 3], concepts: ["koto"], methods: [], ablation: [], pair: ["koto", "reggae"])
        let cells = BenchmarkPlan.cells(rows).filter { $0.key == "koto/base" || $0.key == "koto+reggae/dreamstyler/t1/p5" }
        #expect(cells.count == 2)
        #expect(try runner.run(cells, stop: StopSignal()))
        // Two prompts × one clip per cell, each heard by the classifier.
        let base = try #require(runner.results.results["koto/base"]?.recognition?["koto"])
        #expect(base.className == "koto" && base.clips == 2 && (0...2).contains(base.recognised) && base.meanProbability > 0 && base.meanProbability < 1)
        let joint = try #require(runner.results.results["koto+reggae/dreamstyler/t1/p5"]?.recognition)
        #expect(joint.keys.sorted() == ["koto", "reggae"] && joint.values.allSatisfy { $0.clips == 2 })
        // The same two clips are heard for both concepts: no more than two can have either as their top class.
        #expect(joint["koto"]!.recognised + joint["reggae"]!.recognised <= 2)
        // The same model asked for each concept alone: two more clips each, heard for that concept.
        let alone = try #require(runner.results.results["koto+reggae/dreamstyler/t1/p5"]?.alone)
        #expect(alone.keys.sorted() == ["koto", "reggae"] && alone.allSatisfy { $0.value.recognition?.clips == 2 && $0.value.recognition?.className == $0.key })
        let md = BenchmarkTables(rows: rows, results: runner.results, kinds: Self.kinds).markdown
        #expect(md.contains(String(format: "| %.0f %% | %.2f |", 100 * base.share, base.meanProbability)))
        #expect(md.contains(String(format: "| koto %.0f %%, reggae %.0f %% |", 100 * joint["koto"]!.share, 100 * joint["reggae"]!.share)))
        // The concepts' own evaluation recordings (3 s: one segment each), heard once and kept.
        let own = try #require(runner.results.references)
        #expect(own.keys.sorted() == ["koto", "reggae"] && own.values.allSatisfy { $0.clips == 1 && $0.meanProbability > 0 && $0.meanProbability < 1 })
        let saved = try BenchmarkResults.open(in: folder, settings: BenchmarkFixture.settings(), prompts: ["slow", "fast"], baseHash: runner.results.baseHash)
        #expect(saved.references == own)
        let k = own["koto"]!
        #expect(md.contains(String(format: "| the concepts' own recordings (10-s segments) | — | — | %.0f %% | %.2f |", 100 * k.share, k.meanProbability)))
        #expect(md.contains(String(format: "| koto | %.0f %% (%.2f) |", 100 * k.share, k.meanProbability)))
    }

    @Test func withoutAClassifierNoOwnRecordingIsHeard() throws {
        let runner = try BenchmarkFixture.runner(Fixtures.temporaryFolder("bench-no-classifier-own"))
        #expect(try runner.run([BenchmarkCell(concepts: ["koto"], method: nil)], stop: StopSignal()))
        #expect(runner.results.references == nil)
        let md = BenchmarkTables(rows: BenchmarkPlan.rows(tables: [1], concepts: ["koto"], methods: [], ablation: [], pair: nil),
                                 results: runner.results, kinds: Self.kinds).markdown
        #expect(!md.contains("own recording"))
    }

    final class Log: @unchecked Sendable { var lines: [String] = [] }

    @Test func withoutAClassifierTheColumnsStayEmptyAndItIsSaidOnce() throws {
        let log = Log()
        let runner = try BenchmarkFixture.runner(Fixtures.temporaryFolder("bench-unheard"), log: { log.lines.append($0) })
        #expect(!runner.recognising)
        #expect(try runner.run([BenchmarkCell(concepts: ["koto"], method: nil), BenchmarkCell(concepts: ["reggae"], method: nil)], stop: StopSignal()))
        #expect(runner.results.results.count == 2 && runner.results.results.values.allSatisfy { $0.recognition == nil })
        #expect(log.lines.filter { $0.contains("no concept classifier") }.count == 1, "\(log.lines)")
        // --no-recognise leaves a classifier that is there unused, without a word.
        let quiet = Log()
        let off = try BenchmarkFixture.runner(Fixtures.temporaryFolder("bench-off"), classifier: ["koto", "reggae", "other"], recognise: false,
                                              log: { quiet.lines.append($0) })
        #expect(!off.recognising)
        #expect(try off.run([BenchmarkCell(concepts: ["koto"], method: nil)], stop: StopSignal()))
        #expect(off.results.results["koto/base"]?.recognition == nil && !quiet.lines.contains { $0.contains("classifier") })
        // A concept the classifier has no class for is refused before any cell runs.
        #expect(throws: (any Error).self) { _ = try BenchmarkFixture.runner(Fixtures.temporaryFolder("bench-unknown"), classifier: ["koto", "other"]) }
    }
}
