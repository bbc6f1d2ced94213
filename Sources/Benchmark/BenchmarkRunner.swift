import Audio
import Engine
import Evaluation
import Foundation
import Generation
import Method
// Model's types reach this target through Generation and Method; importing Model makes SwiftPM
// rebuild it when Model's layout changes, which it otherwise does not (docs/sanitizers.md).
import Model
import Text
import Training

/// Runs benchmark cells: for each, a fresh base model learns the cell's concepts with
/// the cell's method and is scored by the evaluation protocol. Finished cells are
/// kept in `results.json`, a cell's tuning checkpoints in `runs/`, each concept's
/// learned mask in `masks/` (one mask serves every ratio and the random row), so
/// a stopped run loses at most a checkpoint interval. When the base model ships a concept
/// classifier, every cell's clips are also classified (share recognised, mean P(concept)).
public final class BenchmarkRunner {
    public struct Concept {
        public var name: String
        public var kind: ConceptKind
        public var train: [String]
        public var evaluation: [String]
        /// The concept in plain words ("steel drums"), for the base model's named row.
        public var words: String
        public init(name: String, kind: ConceptKind, train: [String], evaluation: [String], words: String? = nil) {
            self.name = name
            self.kind = kind
            self.train = train
            self.evaluation = evaluation
            self.words = words ?? name.replacingOccurrences(of: "_", with: " ")
        }
    }

    public let folder: URL
    public let concepts: [String: Concept]
    public private(set) var results: BenchmarkResults
    /// A fresh base model and text encoder: every cell starts from the untouched base.
    let loadModel: () throws -> (BaseModel, TextEncoder)
    let log: (String) -> Void
    /// Whether cells classify their clips: asked for, and the base folder has a classifier.
    public let recognising: Bool
    private var references: [String: ReferenceSet] = [:]
    private var evaluationAudio: [String: [AudioClip]] = [:]
    /// The base model's clips of the prompts as written: the same for every concept's no-concept row.
    public let baseClips = GeneratedClips()

    public init(folder: URL, concepts: [Concept], prompts: [String], settings: BenchmarkSettings,
                recognise: Bool = true, loadModel: @escaping () throws -> (BaseModel, TextEncoder), log: @escaping (String) -> Void = { _ in }) throws {
        self.folder = folder
        self.concepts = Dictionary(uniqueKeysWithValues: concepts.map { ($0.name, $0) })
        self.loadModel = loadModel
        self.log = log
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (base, _) = try loadModel()
        results = try BenchmarkResults.open(in: folder, settings: settings, prompts: prompts, baseHash: try base.denoiserHash())
        let recogniser = recognise ? try ConceptRecogniser.shipped(with: base) : nil
        recognising = recogniser != nil
        if recognise && recogniser == nil {
            log("\(base.folder.path) ships no concept classifier: clips are not classified, Recognised and P(concept) stay —")
        }
        // Refused here rather than in the first cell to evaluate, after hours of learning.
        if let recogniser, let unknown = concepts.first(where: { recogniser.classFor(concept: $0.name) == nil }) {
            throw ValidationError("<\(unknown.name)> is not one of the concept classifier's classes (\(recogniser.classes.joined(separator: ", "))); run with --no-recognise")
        }
    }

    /// Runs every cell not yet done, calling `afterEach` when one is saved; false when stopped before the end.
    public func run(_ cells: [BenchmarkCell], stop: StopSignal = .shared, afterEach: () throws -> Void = {}) throws -> Bool {
        let lock = try ResultsFolderLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        // What another run saved since this runner read the folder is kept, not overwritten.
        results = try BenchmarkResults.open(in: folder, settings: results.settings, prompts: results.prompts, baseHash: results.baseHash)
        try recogniseReferences(Set(cells.flatMap(\.concepts)).sorted())
        for (i, cell) in cells.enumerated() where results.results[cell.key] == nil {
            for n in cell.concepts where concepts[n] == nil { throw ValidationError("the benchmark has no concept '\(n)'") }
            // Learning checks the signal between steps; a cell that only generates and scores does not.
            if stop.isRequested { return false }
            log("[\(i + 1)/\(cells.count)] \(cell.key)")
            guard let r = try run(cell, stop: stop) else { return false }
            results.results[cell.key] = r
            try results.save(in: folder)
            try? FileManager.default.removeItem(at: runFolder(cell))
            try afterEach()
            let heard = (r.recognition ?? [:]).sorted { $0.key < $1.key }
                .map { String(format: "%@ %.0f %% (P %.2f)", $0.key, 100 * $0.value.share, $0.value.meanProbability) }
            log(String(format: "  TA %.1f  AA %@%@%@  (%.0f s learn, %.0f s evaluate)", r.textAlignment,
                       r.audioAlignment.sorted { $0.key < $1.key }.map { String(format: "%@ %.1f", $0.key, $0.value) }.joined(separator: ", "),
                       r.deltaAudioAlignment.map { String(format: "  ΔAA %.1f", $0) } ?? "",
                       heard.isEmpty ? "" : "  recognised " + heard.joined(separator: ", "), r.learnSeconds, r.evaluateSeconds))
            for (name, a) in (r.alone ?? [:]).sorted(by: { $0.key < $1.key }) {
                log(String(format: "  <%@> named alone: TA %.1f  AA %.1f%@", name, a.textAlignment, a.audioAlignment,
                           a.recognition.map { String(format: "  recognised %.0f %% (P %.2f)", 100 * $0.share, $0.meanProbability) } ?? ""))
            }
        }
        return true
    }

    func run(_ cell: BenchmarkCell, stop: StopSignal) throws -> BenchmarkResult? {
        let (base, text) = try loadModel()
        var options = results.settings.learn
        var learnSeconds = 0.0, trainable = 0, deltaBytes = 0
        var finalLoss: Double?
        let named = cell.concepts.map { (name: $0, kind: concepts[$0]!.kind) }
        if let method = cell.method {
            let start = Date()
            options.method = method
            options.tokens = cell.tokens
            // The cell's P holds for each of its concepts, whatever their kind.
            options.pivotalPercent = cell.pivotalPercent
            options.genrePivotalPercent = cell.pivotalPercent
            options.selection = cell.selection
            let list = try cell.concepts.map { ConceptLearner.Concept(name: $0, kind: concepts[$0]!.kind, references: try referenceSet($0, base: base)) }
            var clock = PhaseClock()
            let together = try ConceptLearner.Together.pairs(cell.concepts.map { ($0, concepts[$0]!.kind, concepts[$0]!.train) }, base: base,
                                                             options: options, clock: &clock)
            let learner = try ConceptLearner(base: base, text: text, concepts: list, together: together, options: options)
            var entries: EntrySelection = [:]
            if method.usesPivotalEntries {
                // At P = 100 % every entry trains whatever Δ_M says: no mask to learn, as in `learn`.
                if cell.selection == .pivotal && learner.needsMasks {
                    var masks: [[(name: String, delta: [Float])]] = []
                    for c in list {
                        guard let m = try mask(c, tokens: cell.tokens, learner: learner, stop: stop) else { return nil }
                        masks.append(m)
                    }
                    entries = learner.selection(masks: masks)
                } else {
                    entries = learner.selection(masks: [])
                }
            }
            // Prior preservation as `learn` has it: the base model's own clips, made before tuning, kept with the cell's run.
            var prior: PriorClips?
            if options.priorRows > 0 {
                try FileManager.default.createDirectory(at: runFolder(cell), withIntermediateDirectories: true)
                prior = try PriorClips.loadOrMake(count: options.priorClips, frames: options.frames, seed: options.seed, base: base, text: text,
                                                  folder: runFolder(cell))
            }
            let outcome = try learner.tune(entries: entries, prior: prior, folder: runFolder(cell), resume: true, stop: stop, onLog: { finalLoss = $0.loss })
            switch outcome {
            case .finished: break
            case .stopped: return nil
            case .diverged(let step, _): throw TrainingError.diverged(cell: cell.key, step: step)
            }
            let counts: [Int] = (base.denoiser.namedParameters() + text.concepts.namedParameters()).map { $0.parameter.trainableCount }
            trainable = counts.reduce(0, +)
            let manifest = ConceptDelta.Manifest(concepts: Dictionary(uniqueKeysWithValues: named.map { ($0.name, $0.kind) }), method: method,
                                                 pivotalPercent: cell.pivotalPercent, selection: cell.selection, tokens: cell.tokens,
                                                 steps: options.steps, baseHash: results.baseHash, mask: nil, metrics: [:], createdAt: "")
            let delta = ConceptDelta.capture(unet: base.denoiser, text: text, concepts: cell.concepts, manifest: manifest)
            deltaBytes = delta.byteCount
            // Joint models are kept: their identifiers are what the concept-enhancement figure (3b) measures.
            if cell.concepts.count > 1 {
                let url = folder.appendingPathComponent("deltas/" + cell.key.replacingOccurrences(of: "/", with: "_") + ".delta.safetensors")
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try delta.write(to: url)
            }
            learnSeconds = Date().timeIntervalSince(start)
        }
        let start = Date()
        guard let evaluator = base.evaluator else { throw ValidationError("the base model has no evaluator") }
        var refs: [String: [AudioClip]] = [:]
        for n in cell.concepts { refs[n] = try evaluation(n) }
        // The cell's own base reads the clips, as it scores them; only the untouched base model's
        // clips of the bare prompts are shared, being the same whichever concept the row is for.
        let eval = ConceptEvaluation(generator: try Generator(base: base, text: text, for: results.settings.generation), scorer: AlignmentScorer(evaluator: evaluator, text: text, config: base.config),
                                     recogniser: recognising ? try ConceptRecogniser.load(base: base) : nil)
        let r = try eval.run(concepts: named, references: refs, prompts: results.prompts, clips: results.settings.clips,
                             settings: results.settings.generation,
                             naming: cell.method != nil ? .identifiers : cell.namedInWords ? .words(concepts.mapValues(\.words)) : .none,
                             reuse: cell.method == nil && !cell.namedInWords ? baseClips : nil)
        var alone: [String: BenchmarkResult.NamedAlone]?
        if cell.method != nil && named.count > 1 {
            alone = [:]
            for c in named {
                let one = try eval.run(concepts: [c], references: [c.name: refs[c.name]!], prompts: results.prompts, clips: results.settings.clips,
                                       settings: results.settings.generation)
                alone![c.name] = .init(audioAlignment: one.audioAlignment[c.name] ?? 0, textAlignment: one.textAlignment, recognition: one.recognition?[c.name])
            }
        }
        return BenchmarkResult(cell: cell, audioAlignment: r.audioAlignment, textAlignment: r.textAlignment, deltaAudioAlignment: r.deltaAudioAlignment,
                               prompts: r.prompts, clipsPerPrompt: r.clipsPerPrompt, seeds: r.seeds, trainable: trainable, deltaBytes: deltaBytes,
                               finalLoss: finalLoss, learnSeconds: learnSeconds, evaluateSeconds: Date().timeIntervalSince(start), recognition: r.recognition,
                               alone: alone)
    }

    /// Classifies the evaluation recordings of `names` not yet classified, segment by segment (a few
    /// seconds in all), and keeps the result with the cells'.
    func recogniseReferences(_ names: [String]) throws {
        let missing = names.filter { concepts[$0] != nil && results.references?[$0] == nil }
        guard recognising, !missing.isEmpty else { return }
        let (base, _) = try loadModel()
        let recogniser = try ConceptRecogniser.load(base: base)
        var heard = results.references ?? [:]
        for name in missing {
            guard let cls = recogniser.classFor(concept: name) else { continue }
            let segments = try concepts[name]!.evaluation.flatMap {
                recogniser.recogniseRecording(try AudioFile.read($0, sampleRate: base.config.spectrogram.sampleRate).clip).segments
            }
            heard[name] = .init(className: cls, clips: segments.count, recognised: segments.filter { $0.top == cls }.count,
                                meanProbability: segments.map { $0.probability(of: cls) }.reduce(0, +) / Double(max(segments.count, 1)))
        }
        results.references = heard
        try results.save(in: folder)
    }

    /// Δ_M of `concept` learned alone with `tokens` identifiers, from `masks/` or trained now (nil: stopped).
    func mask(_ concept: ConceptLearner.Concept, tokens: Int, learner: ConceptLearner, stop: StopSignal) throws -> [(name: String, delta: [Float])]? {
        let url = folder.appendingPathComponent("masks/\(concept.name)-t\(tokens).safetensors")
        if FileManager.default.fileExists(atPath: url.path) {
            let f = try SafeTensors(contentsOf: url)
            return try learner.maskedWeights.map { ($0.name, try f.tensor($0.name).toArray()) }
        }
        log("  mask of <\(concept.name)> (\(tokens) token\(tokens == 1 ? "" : "s"))")
        let runs = folder.appendingPathComponent("runs/mask-\(concept.name)-t\(tokens)")
        let (outcome, deltas) = try learner.learnMask(concept, folder: runs, resume: true, stop: stop)
        switch outcome {
        case .finished: break
        case .stopped: return nil
        case .diverged(let step, _): throw TrainingError.diverged(cell: "mask of \(concept.name)", step: step)
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try SafeTensors.write(deltas.map { ($0.name, Tensor($0.delta, shape: [$0.delta.count])) }, to: url)
        try? FileManager.default.removeItem(at: runs)
        return deltas
    }

    func referenceSet(_ name: String, base: BaseModel) throws -> ReferenceSet {
        if let r = references[name] { return r }
        let r = try ReferenceSet.load(concepts[name]!.train, base: base, augment: results.settings.learn.augment,
                                       effects: results.settings.learn.augmentEffects)
        references[name] = r
        return r
    }

    func evaluation(_ name: String) throws -> [AudioClip] {
        if let e = evaluationAudio[name] { return e }
        let e = try concepts[name]!.evaluation.map { try AudioFile.read($0).clip }
        evaluationAudio[name] = e
        return e
    }

    func runFolder(_ cell: BenchmarkCell) -> URL {
        folder.appendingPathComponent("runs/" + cell.key.replacingOccurrences(of: "/", with: "_"))
    }

    enum TrainingError: Error, CustomStringConvertible {
        case diverged(cell: String, step: Int)
        var description: String { switch self { case .diverged(let c, let s): return "\(c): the loss went non-finite at step \(s)" } }
    }

    struct ValidationError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}
