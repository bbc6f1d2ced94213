import ArgumentParser
import Corpus
import Engine
import Foundation
import Generation
import Model
import Pretraining
import SpectrogramSettings
import Training

extension DreamStyler {
    struct PretrainClassifier: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "classifier",
            abstract: "Train the concept classifier (20 benchmark concepts + \"other\") on the evaluator corpus.",
            discussion: """
            Clips are labelled from their arrangement: a benchmark style played without benchmark \
            instruments is that genre; a benchmark instrument leading a non-benchmark style with no \
            other benchmark sound is that instrument; neither is "other"; anything mixed is left out. \
            Every 5th clip is held out for testing (this includes every 20th, the evaluator's own \
            held-out clips), clips 1, 11, 21, … for validation. Each --features × --hidden \
            candidate trains on 4.1-s windows (hop 64 frames) with classes sampled evenly; the best \
            on validation is retrained with the validation clips and measured on the test clips. \
            Writes classifier.json, classifier.safetensors and report.json into the run folder; \
            --install copies the classifier into the base model folder and its manifest.

            Example:
              dreamstyler pretrain classifier --corpus ~/.local/share/dreamstyler/corpus/evaluator --install
            """)

        @Option(help: "Corpus folder (default: $DREAMSTYLER_HOME/corpus/evaluator).")
        var corpus: String?

        @Option(help: "A gm corpus folder (solo renders through one soundfont, labelled by program) whose clips also train (repeatable).")
        var trainCorpus: [String] = []

        @Option(help: "A gm corpus folder held out whole: the classifier is measured on it, never trained on it (repeatable).")
        var heldOutCorpus: [String] = []

        @Option(parsing: .unconditional, help: "Of those corpora's clips that are no benchmark instrument (\"other\"), keep every Nth.")
        var otherEvery = 6

        @Option(help: "Base model folder whose evaluator gives the features (default: Models/base).")
        var model: String?

        @Option(name: .customLong("run"), help: "Run folder (default: $DREAMSTYLER_HOME/pretrain/classifier).")
        var runFolder: String?

        @Option(help: "Feature kinds to compare, comma-separated, or all: \(RecognitionFeatures.allCases.map(\.rawValue).joined(separator: ", ")).")
        var features = "all"

        @Option(help: "Hidden sizes to compare, comma-separated (0: a linear classifier).")
        var hidden = "0,256"

        @Option(parsing: .unconditional, help: "Training steps per candidate (batches of 128 windows).")
        var steps = 2000

        @Option(parsing: .unconditional, help: "Peak learning rate.")
        var lr: Float = 1e-3

        @Option(parsing: .unconditional, help: "Seed.")
        var seed: UInt64 = 4

        @Flag(help: "Copy the trained classifier into the base model folder and record it in its manifest.")
        var install = false

        func kinds() throws -> [RecognitionFeatures] {
            if features == "all" { return RecognitionFeatures.allCases }
            return try features.split(separator: ",").map {
                guard let k = RecognitionFeatures(rawValue: String($0)) else {
                    throw ValidationError("--features \($0): expected one of \(RecognitionFeatures.allCases.map(\.rawValue).joined(separator: ", ")) or all")
                }
                return k
            }
        }

        func hiddens() throws -> [Int] {
            try hidden.split(separator: ",").map {
                guard let h = Int($0), (0...4096).contains(h) else { throw ValidationError("--hidden \($0): expected whole numbers 0–4096") }
                return h
            }
        }

        func validate() throws {
            _ = try kinds()
            guard !(try hiddens()).isEmpty else { throw ValidationError("--hidden: give at least one size") }
            try InputChecks.int(steps, "--steps", in: 1...1_000_000)
            try InputChecks.rate(lr, "--lr")
            try InputChecks.int(otherEvery, "--other-every", in: 1...1000)
            let both = Set(trainCorpus.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
                .intersection(heldOutCorpus.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
            guard both.isEmpty else { throw ValidationError("\(both.sorted().joined(separator: ", ")): both trained on and held out") }
            // The report names each held-out corpus by its folder's name.
            let names = heldOutCorpus.map { URL(fileURLWithPath: $0).standardizedFileURL.lastPathComponent }
            guard Set(names).count == names.count else { throw ValidationError("--held-out-corpus: two folders named alike (\(names.joined(separator: ", "))); the report names them by folder") }
        }

        /// A gm corpus's benchmark-instrument clips and every `otherEvery`-th other clip, labelled by program.
        func source(_ path: String, heldOut: Bool, classes: [String], config: ModelConfiguration) throws -> ClassifierTraining.Source {
            let index = try CorpusIndex(folder: URL(fileURLWithPath: path))
            var kept: [Int] = [], labels: [Int?] = [], others = 0
            for (i, clip) in index.clips.enumerated() {
                guard clip.kind == "gm", let program = clip.program else {
                    throw ValidationError("\(path): not a gm corpus (clip \(i) has no General MIDI program)")
                }
                let label = ConceptLabel.ofProgram(program, bank: clip.bank ?? 0)
                if label == .other { others += 1; if (others - 1) % otherEvery != 0 { continue } }
                kept.append(i)
                labels.append(label.className.flatMap { classes.firstIndex(of: $0) })
            }
            guard !kept.isEmpty else { throw ValidationError("\(path): no clips") }
            let mels = try PretrainInputs.mels(index, config: config).subset(kept)
            return ClassifierTraining.Source(name: index.folder.lastPathComponent, mels: mels, labels: labels, heldOut: heldOut)
        }

        func run() throws {
            try reportingErrors {
                let corpusURL = try corpus.map { URL(fileURLWithPath: $0) } ?? DataFolder.inside("corpus/evaluator")
                let base = try BaseModel(folder: try BaseModel.locate(model))
                let index = try CorpusIndex(folder: corpusURL)
                let labels = try ConceptLabel.labels(corpus: corpusURL)
                guard labels.count == index.clips.count else {
                    throw ValidationError("\(corpusURL.path): the manifest's clips could not all be labelled (\(labels.count) of \(index.clips.count))")
                }
                let classes = ConceptLabel.classes
                let classIndex = labels.map { $0.className.flatMap { classes.firstIndex(of: $0) } }
                guard classIndex.compactMap({ $0 }).count >= 50 else {
                    throw ValidationError("\(corpusURL.path): only \(classIndex.compactMap { $0 }.count) labelled clips; build the evaluator corpus (Scripts/pretrain)")
                }
                let more = try trainCorpus.map { try source($0, heldOut: false, classes: classes, config: base.config) }
                    + heldOutCorpus.map { try source($0, heldOut: true, classes: classes, config: base.config) }
                let kinds = try kinds(), hiddens = try hiddens()
                if kinds.contains(where: \.needsEvaluator) && base.evaluator == nil {
                    throw ValidationError("\(base.folder.path) has no evaluator; use --features mel-stats or a base model with one")
                }
                // The run folder is made only once the inputs are known to be good.
                let folder = try runFolder.map { URL(fileURLWithPath: $0) } ?? DataFolder.inside("pretrain/classifier")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let mels = try PretrainInputs.mels(index, config: base.config)
                var options = ClassifierTraining.Options()
                options.steps = steps; options.learningRate = lr; options.seed = seed
                let (classifier, report) = ClassifierTraining(options: options).run(
                    mels: mels, labels: classIndex, more: more, classes: classes, kinds: kinds, hiddens: hiddens,
                    evaluator: base.evaluator, evaluatorSHA256: try base.evaluatorHash(), window: 256,
                    silence: base.config.spectrogram.normalizedSilence) { print($0) }
                try classifier.save(into: folder)
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                try AtomicFile.write(try enc.encode(report), to: folder.appendingPathComponent("report.json"))
                try AtomicFile.write(Data(ClassifierReportTable.markdown(report).utf8), to: folder.appendingPathComponent("report.md"))
                print(ClassifierReportTable.markdown(report))
                print("wrote \(folder.path)")
                if install {
                    try BaseModel.installClassifier(from: folder, into: base.folder, steps: options.steps, metrics: [
                        "classifier_test_accuracy": report.test.overall,
                        "classifier_test_mean_p_true": report.test.meanTrueProbability,
                    ])
                    print("installed into \(base.folder.path) (manifest.json updated)")
                }
            }
        }
    }
}
