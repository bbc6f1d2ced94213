import ArgumentParser
import Benchmark
import Corpus
import Engine
import Foundation
import Generation
import Method
import Text
import Training

extension DreamStyler {
    struct BenchmarkRun: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run the paper's tables on the benchmark: methods, pivotal ratios, identifier tokens.",
            discussion: """
            Table 1 learns every concept alone with each method (and scores the base model \
            as two reference rows: without any concept, and with the concept named in words); Table 2 learns the ablation concepts with \
            DreamStyler at P = 1, 5, 10, 50, 100 % and 5 % chosen at random; Table 3 with 1, 3 \
            and 5 identifier tokens, alone and the ablation pair jointly. Every cell starts from \
            the untouched base, is scored by the evaluation protocol (Text and Audio Alignment, \
            ΔAudio Alignment for the pair) and, when the base model ships a concept classifier, \
            by how its clips are recognised (the share whose top class is the concept, and the \
            mean P(concept)); it is kept in OUT/results.json; OUT/tables.md and \
            OUT/tables.csv are rewritten after each cell. A cell shared by several tables runs once. \
            Stopped with Ctrl-C, the same command continues where it stopped; a folder made with \
            other settings is refused.

            Examples:
              dreamstyler benchmark build --out benchmark
              dreamstyler benchmark run --benchmark benchmark --out results
              dreamstyler benchmark run --benchmark benchmark --out quick --tables 1 --concepts koto,reggae --steps 300 --prompts 5
            """)

        @Option(help: "A built benchmark folder (default: the data folder's benchmark).")
        var benchmark: String?

        @Option(help: "Results folder.")
        var out: String

        @Option(help: "Tables to run: any of 1,2,3.")
        var tables = CommaList([1, 2, 3])

        @Option(help: "Table 1's concepts (benchmark identifiers).")
        var concepts = CommaList(["sitar", "koto", "kalimba", "bossa_nova", "reggae", "waltz"])

        @Option(help: "Table 1's methods.")
        var methods = CommaList(TuningMethod.allCases)

        @Option(help: "Tables 2 and 3's concepts; the first instrument and the first genre are Table 3's joint pair.")
        var ablation = CommaList(["koto", "reggae"])

        @Option(parsing: .unconditional, help: "Use the first N of the benchmark's prompts.")
        var prompts = 20

        @Option(parsing: .unconditional, help: "Clips per prompt (K, 1–32).")
        var clips = 2

        @Option(parsing: .unconditional, help: "Seconds per evaluation clip (1–30).")
        var seconds = 10.0

        @Option(parsing: .unconditional, help: "Sampling steps of evaluation clips (DDIM, 1–1000).")
        var samplingSteps = 50

        @Option(parsing: .unconditional, help: "Guidance scale of evaluation clips (0–30).")
        var cfg: Float = 7

        @Option(name: .customLong("keep-prompt"), parsing: .unconditional,
                help: "Keep-prompt weight of evaluation clips (0–10; 0 = off, the paper's protocol); the base model's rows, which name no concept, are unchanged.")
        var keepPrompt: Float = 0

        @Flag(help: "Do not classify the cells' clips with the base model's concept classifier (Recognised and P(concept) stay —).")
        var noRecognise = false

        @OptionGroup(title: "Every learn") var training: TrainingOptions
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var precision: PrecisionOptions

        func validate() throws {
            guard tables.items.allSatisfy((1...3).contains) else { throw ValidationError("--tables: a list of 1, 2 and 3") }
            try InputChecks.int(prompts, "--prompts", in: 1...10_000)
            try InputChecks.int(clips, "--clips", in: 1...32)
            try InputChecks.real(seconds, "--seconds", in: 1...30)
            try InputChecks.int(samplingSteps, "--sampling-steps", in: 1...1000)
            try InputChecks.real(cfg, "--cfg", in: 0...30)
            try InputChecks.real(keepPrompt, "--keep-prompt", in: GenerationSettings.keepPromptRange)
        }

        func run() throws {
            try reportingErrors {
                StopSignal.shared.install()
                let folder = try BenchmarkFolder(benchmark)
                let manifest = folder.manifest
                let wanted = concepts.items, ablationList = ablation.items
                let available = try folder.entries(checking: wanted + ablationList)
                let inputs = Set(wanted + ablationList).sorted().map { id -> BenchmarkRunner.Concept in
                    let e = available[id]!
                    return BenchmarkRunner.Concept(name: id, kind: e.concept.kind == .instrument ? .instrument : .genre,
                                                   train: [folder.path(e.train.file)], evaluation: [folder.path(e.evaluation.file)],
                                                   words: e.concept.names.first)
                }
                let kinds = Dictionary(uniqueKeysWithValues: inputs.map { ($0.name, $0.kind) })
                let pairInstrument = ablationList.first { kinds[$0] == .instrument }
                let pairGenre = ablationList.first { kinds[$0] == .genre }
                let pair = pairInstrument.flatMap { i in pairGenre.map { [i, $0] } }
                var settings = BenchmarkSettings()
                training.apply(to: &settings.learn)
                let rows = BenchmarkPlan.rows(tables: Set(tables.items), concepts: wanted, methods: methods.items, ablation: ablationList, pair: pair,
                                              pivotal: { [learn = settings.learn] in learn.pivotalPercent(for: kinds[$0]!) })
                settings.clips = clips
                settings.generation.seconds = seconds; settings.generation.steps = samplingSteps; settings.generation.guidance = cfg
                settings.generation.keepPrompt = keepPrompt
                settings.precision = precision.apply()
                let baseFolder = try workspace.baseFolder(), textFolder = workspace.textFolder
                let outURL = URL(fileURLWithPath: out)
                let runner = try BenchmarkRunner(folder: outURL, concepts: inputs, prompts: Array(manifest.prompts.prefix(prompts)), settings: settings,
                                                 recognise: !noRecognise, loadModel: { (try BaseModel(folder: baseFolder), try TextEncoder(folder: textFolder)) },
                                                 log: { print($0) })
                let cells = BenchmarkPlan.cells(rows)
                print("\(cells.count) cells, \(cells.filter { runner.results.results[$0.key] != nil }.count) already done; results in \(out)")
                let start = Date()
                // Tables after every saved cell and once at the end; not when the run is refused (another
                // run holds the folder) or fails, which changes nothing of its own.
                let finished = try runner.run(cells) { try write(rows, runner: runner, kinds: kinds, to: outURL) }
                try write(rows, runner: runner, kinds: kinds, to: outURL)
                print(finished ? String(format: "done in %.0f s; tables in %@/tables.md and tables.csv", Date().timeIntervalSince(start), out)
                               : "stopped; run the same command again to continue")
                if finished { print(tables(rows, runner: runner, kinds: kinds).markdown) } else { throw ExitCode(StopSignal.shared.exitStatus) }
            }
        }

        func tables(_ rows: [BenchmarkRow], runner: BenchmarkRunner, kinds: [String: ConceptKind]) -> BenchmarkTables {
            BenchmarkTables(rows: rows, results: runner.results, kinds: kinds, novel: DenoiserPrior.strictlyNovel)
        }

        func write(_ rows: [BenchmarkRow], runner: BenchmarkRunner, kinds: [String: ConceptKind], to folder: URL) throws {
            let t = tables(rows, runner: runner, kinds: kinds)
            try AtomicFile.write(Data(t.markdown.utf8), to: folder.appendingPathComponent("tables.md"))
            try AtomicFile.write(Data(t.csv.utf8), to: folder.appendingPathComponent("tables.csv"))
        }
    }
}
