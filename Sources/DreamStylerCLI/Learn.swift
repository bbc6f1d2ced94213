import ArgumentParser
import Audio
import Engine
import Foundation
import Generation
import Library
import Method
import Text
import Training

extension DreamStyler {
    struct Learn: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Teach the base model a concept from reference audio (DreamStyler or a baseline).",
            discussion: """
            DreamStyler first learns a mask on every self-attention value weight (θ and the \
            identifier tokens frozen), keeps the top P % of its variation as pivotal parameters, \
            then tunes those entries, all cross-attention K/V and the concept's identifier tokens. \
            Several concepts (--concept, twice or more) are learned jointly: each mask alone, the \
            pivotal sets united, the clips pooled. The result is a delta file of a few MB. \
            Stopped with Ctrl-C, a learn continues with --resume.

            Examples:
              dreamstyler learn koto Samples/koto-train.flac --kind instrument
              dreamstyler learn --concept koto:instrument:Samples/koto-train.flac --concept reggae:genre:Samples/reggae-train.flac
              dreamstyler learn koto ref.flac --kind instrument --method custom-diffusion
            """)

        @Argument(help: "Concept name and reference files (for one concept).")
        var arguments: [String] = []

        @Option(help: "instrument or genre (for one concept).")
        var kind: String?

        @Option(help: "NAME:KIND:FILE[,FILE…] — repeat to learn several concepts jointly.")
        var concept: [String] = []

        @Option(help: "dreamstyler, textual-inversion, dreambooth or custom-diffusion.")
        var method = "dreamstyler"

        @Option(help: "P: the percentage of self-attention V entries that train.")
        var pivotal = 5.0

        @Option(help: "pivotal (top of the learned mask) or random.")
        var selection = "pivotal"

        @Option(help: "Identifier tokens per concept (default: 3; 1 for custom-diffusion).")
        var tokens: Int?

        @Option(help: "Epochs of mask training.")
        var maskEpochs = 100

        @Option(help: "Tuning steps.")
        var steps = 1500

        @Option(help: "Crops per batch.")
        var batch = 32

        @Option(help: "Learning rate of U-Net parameters.")
        var lrUnet: Float = 1e-5

        @Option(help: "Learning rate of identifier tokens.")
        var lrTokens: Float = 1e-4

        @Option(help: "Seed.")
        var seed: UInt64 = 7

        @Option(help: "Render a validation sample (4 s, 25 DDIM steps) every N tuning steps into the run's samples folder; 0 for none.")
        var sampleEvery = 250

        @Flag(help: "Continue a stopped learn of the same concepts.")
        var resume = false

        @Option(help: "Base model folder (default: Models/base).")
        var model: String?

        func validate() throws {
            guard TuningMethod(rawValue: method) != nil else { throw ValidationError("unknown method '\(method)'") }
            guard EntrySelectionMode(rawValue: selection) != nil else { throw ValidationError("unknown selection '\(selection)' (pivotal, random)") }
            guard pivotal > 0 && pivotal <= 100 else { throw ValidationError("--pivotal must be in (0, 100]") }
            guard steps > 0, batch > 0, maskEpochs > 0 else { throw ValidationError("--steps, --batch and --mask-epochs must be positive") }
            if concept.isEmpty {
                guard arguments.count >= 2 else { throw ValidationError("give a concept name and at least one reference file, or --concept NAME:KIND:FILE") }
                guard let k = kind, ConceptKind(rawValue: k) != nil else { throw ValidationError("--kind must be instrument or genre") }
            }
        }

        /// (name, kind, files) for each concept.
        func specs() throws -> [(String, ConceptKind, [String])] {
            if concept.isEmpty { return [(arguments[0], ConceptKind(rawValue: kind!)!, Array(arguments.dropFirst()))] }
            return try concept.map { s in
                let parts = s.split(separator: ":", maxSplits: 2).map(String.init)
                guard parts.count == 3, let k = ConceptKind(rawValue: parts[1]) else {
                    throw ValidationError("--concept '\(s)': expected NAME:KIND:FILE[,FILE…] with KIND instrument or genre")
                }
                return (parts[0], k, parts[2].split(separator: ",").map(String.init))
            }
        }

        func run() throws {
            try reportingErrors {
                StopSignal.shared.install()
                let start = Date()
                let list = try specs()
                let names = list.map(\.0)
                guard Set(names).count == names.count else { throw ValidationError("a concept is named twice: \(names)") }
                for n in names where !ConceptTokens.isValidName(n) { throw TextEncoderError.invalidConceptName(n) }
                let baseFolder = try BaseModel.locate(model)
                let base = try BaseModel(folder: baseFolder)
                let text = try TextEncoder(folder: TextEncoderFolder.defaultFolder)
                var options = LearnOptions()
                options.method = TuningMethod(rawValue: method)!
                options.tokens = tokens; options.pivotalPercent = pivotal; options.selection = EntrySelectionMode(rawValue: selection)!
                options.maskEpochs = maskEpochs; options.steps = steps; options.batch = batch
                options.learningRateUNet = lrUnet; options.learningRateTokens = lrTokens; options.seed = seed
                let concepts = try list.map { n, k, files in
                    ConceptLearner.Concept(name: n, kind: k, references: try ReferenceSet.load(files, base: base, augment: options.augment))
                }
                let run = try ConceptStore.runFolder(names.joined(separator: "+") + "-" + method)
                let baseHash = try base.denoiserHash()
                let library = try ConceptLibrary(url: DataFolder.url.appendingPathComponent("library.sqlite"))
                var record = try register(list, concepts: concepts, options: options, baseHash: baseHash, in: library)
                let learner = try ConceptLearner(base: base, text: text, concepts: concepts, options: options)
                do {
                    try learn(learner, concepts: concepts, names: names, options: options, run: run, baseHash: baseHash, list: list,
                              record: &record, library: library, start: start)
                } catch {
                    record.status = .failed
                    record.error = String(describing: error)
                    record.finishedAt = Date()
                    try? library.update(record)
                    throw error
                }
            }
        }

        /// Adds the concepts to the library (refusing names it has, unless resuming) and opens a run.
        func register(_ list: [(String, ConceptKind, [String])], concepts: [ConceptLearner.Concept], options: LearnOptions,
                      baseHash: String, in library: ConceptLibrary) throws -> RunRecord {
            let names = list.map(\.0)
            if resume, let previous = try library.runs().first(where: { $0.conceptNames == names && $0.method == method && $0.status != .learned }) {
                var r = previous
                r.status = .learning
                r.error = nil
                try library.update(r)
                return r
            }
            for (name, kind, files) in list {
                let refs = try files.map { f in (path: f, sha256: try SHA256.hex(fileAt: URL(fileURLWithPath: f)), seconds: try AudioFile.info(f).duration) }
                try library.addOrMatch(ConceptRecord(name: name, kind: kind.rawValue, classWord: kind.classWord, tokenCount: options.tokensPerConcept),
                                       references: refs)
            }
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            return try library.startRun(RunRecord(concepts: names, method: method, config: String(decoding: try enc.encode(options), as: UTF8.self),
                                                  baseHash: baseHash))
        }

        func learn(_ learner: ConceptLearner, concepts: [ConceptLearner.Concept], names: [String], options: LearnOptions, run: URL,
               baseHash: String, list: [(String, ConceptKind, [String])], record: inout RunRecord, library: ConceptLibrary, start: Date) throws {
            let runId = record.id!
            var masks: [[(name: String, delta: [Float])]] = []
            var report: MaskReport?
            if options.method.usesPivotalEntries && options.selection == .pivotal {
                for c in concepts {
                    print("mask training for <\(c.name)> (\(String(format: "%.0f", c.references.seconds)) s of reference)")
                    let (outcome, d) = try learner.learnMask(c, folder: run.appendingPathComponent("mask-\(c.name)"), resume: resume) { e in
                        print(String(format: "  mask step %5d  loss %.4f", e.step, e.loss))
                    }
                    guard try PretrainInputs.describe(outcome) else {
                        record.status = .stopped
                        try library.update(record)
                        return
                    }
                    masks.append(d)
                }
            }
            let entries = options.method.usesPivotalEntries ? learner.selection(masks: masks) : [:]
            if !masks.isEmpty { report = MaskReport.make(masks.flatMap { $0 }, selection: entries, percent: pivotal) }
            print("tuning \(names.map { "<\($0)>" }.joined(separator: " ")) with \(method): \(steps) steps")
            let samples = run.appendingPathComponent("samples")
            let sampler = Generator(base: learner.base, text: learner.text)
            sampler.vocoder.griffinLim.iterations = 16
            let samplePrompt = ConceptEvaluation.prompt("a short piece", concepts: concepts.map { ($0.name, $0.kind) })
            let outcome = try learner.tune(entries: entries, folder: run.appendingPathComponent("tune"), resume: resume, onLog: { e in
                print(String(format: "  step %5d  loss %.4f  %.0f s", e.step, e.loss, e.seconds))
                try? library.record(runId: runId, name: "loss", values: [(e.step, e.loss)])
            }, afterStep: { step in
                guard sampleEvery > 0, step % sampleEvery == 0 else { return }
                var s = GenerationSettings()
                s.seconds = 4; s.steps = 25; s.seed = 1
                try FileManager.default.createDirectory(at: samples, withIntermediateDirectories: true)
                let path = samples.appendingPathComponent(String(format: "step-%05d.wav", step)).path
                try AudioFile.write(try sampler.generate(samplePrompt, s), to: path,
                                    metadata: .generated(prompt: samplePrompt, seed: 1, concepts: names))
                print("  sample \(path)")
            })
            record.step = options.steps
            guard try PretrainInputs.describe(outcome) else {
                record.status = .stopped
                try library.update(record)
                return
            }
            let manifest = ConceptDelta.Manifest(
                concepts: Dictionary(uniqueKeysWithValues: list.map { ($0.0, $0.1) }), method: options.method,
                pivotalPercent: pivotal, selection: options.selection, tokens: options.tokensPerConcept, steps: steps,
                baseHash: baseHash, mask: report, metrics: [:], createdAt: ISO8601DateFormatter().string(from: Date()))
            let delta = ConceptDelta.capture(unet: learner.base.denoiser, text: learner.text, concepts: names, manifest: manifest)
            let url = run.appendingPathComponent("\(names.joined(separator: "+")).delta.safetensors")
            try delta.write(to: url)
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            record.status = .learned
            record.deltaPath = url.path
            record.finishedAt = Date()
            record.seconds = Date().timeIntervalSince(start)
            try library.update(record)
            print(String(format: "learned in %.0f s; delta %@ (%.2f MB); peak memory %d MB",
                         Date().timeIntervalSince(start), url.path, Double(size) / 1e6, ProcessMemory.peakResidentMB()))
        }
    }
}
