import Audio
import ConceptGrammar
import Engine
import Foundation
import Generation
import Library
import Text
import Training

/// One `learn` from start to delta, as the command line and the studio run it:
/// concepts registered in the library (a stopped learn is resumed by the same
/// run), masks learned per concept, the pivotal set chosen, the tuning with
/// validation samples, and the delta written beside the run. Progress goes out
/// as events; a stop (the `StopSignal`) leaves a resumable run.
public final class LearnSession {
    public struct Spec: Sendable, Equatable {
        public var name: String
        public var kind: ConceptKind
        public var files: [String]
        public init(name: String, kind: ConceptKind, files: [String]) {
            self.name = name
            self.kind = kind
            self.files = files
        }
    }

    public enum Event: Sendable {
        /// A phase begins: "mask <koto>", "tuning".
        case phase(String, totalSteps: Int)
        case log(step: Int, loss: Double, seconds: Double)
        case mask(MaskReport)
        case sample(path: String, step: Int)
        case learned(delta: String, seconds: Double, bytes: Int, peakMB: Int)
        case stopped(step: Int)
    }

    public let specs: [Spec]
    public let options: LearnOptions
    public let library: ConceptLibrary
    public let resume: Bool
    /// Validation sample every N tuning steps (4 s, 25 DDIM steps); 0 for none.
    public var sampleEvery = LearnSession.defaultSampleEvery
    public static let defaultSampleEvery = 250
    let base: BaseModel
    let text: TextEncoder

    public var names: [String] { specs.map(\.name) }

    /// Wall time by phase of the last `run` (reading, latents, mask, tuning, validation samples, writing).
    public private(set) var clock = PhaseClock()

    public init(specs: [Spec], options: LearnOptions, base: BaseModel, text: TextEncoder, library: ConceptLibrary, resume: Bool) throws {
        let names = specs.map(\.name)
        guard !specs.isEmpty else { throw LearnFailure("name at least one concept") }
        guard Set(names).count == names.count else { throw LearnFailure("a concept is named twice: \(names.joined(separator: ", "))") }
        for n in names where !ConceptName.isValid(n) { throw TextEncoderError.invalidConceptName(n) }
        self.specs = specs
        self.options = options
        self.base = base
        self.text = text
        self.library = library
        self.resume = resume
    }

    /// Where runs go (default: the data folder's `concepts/`).
    public var runsRoot: URL?

    /// The run's folder: `concepts/NAME[+NAME…]-METHOD`.
    public func folder() throws -> URL {
        let u = try folderURL()
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// The run's folder, not created; the names are checked to stay inside the runs folder.
    public func folderURL() throws -> URL {
        let name = names.joined(separator: "+") + "-" + options.method.rawValue
        guard let runsRoot else { return try DataFolder.inside("concepts/\(name)") }
        return try DataFolder.inside(name, root: runsRoot)
    }

    /// Runs the learn; returns its library record (status learned, stopped or failed).
    ///
    /// A concept someone else holds is refused at once; the references are checked next; then the
    /// concepts' locks are taken and held to the end, so a second learn, a remove or a rename of them
    /// fails at once. Everything that can refuse the learn (names, references, settings, an unfinished
    /// or finished earlier learn) is checked before the library or the folder changes.
    @discardableResult
    public func run(stop: StopSignal = .shared, onEvent: (Event) -> Void = { _ in }) throws -> RunRecord {
        let start = Date()
        clock = PhaseClock()
        // Checked before anything changes (not even a lock file appears): the references, then, under the
        // lock, a clash with an earlier learn.
        for n in names where !ConceptName.isValid(n) { throw ConceptLibrary.Failure.invalidName(n) }
        try library.refuseIfLocked(names)
        let concepts = try specs.map { s in
            ConceptLearner.Concept(name: s.name, kind: s.kind,
                                   references: try ReferenceSet.load(s.files, base: base, augment: options.augment, effects: options.augmentEffects, clock: &clock))
        }
        let together = try ConceptLearner.Together.pairs(specs.map { ($0.name, $0.kind, $0.files) }, base: base, options: options, clock: &clock)
        let baseHash = try base.denoiserHash()
        let lock = try library.lock(names, for: "learned")
        defer { lock.release() }
        let previous = try preflight()
        var record = try register(baseHash: baseHash, previous: previous)
        lastStep = record.step
        do {
            try learn(concepts, together: together, baseHash: baseHash, record: &record, start: start, stop: stop, onEvent: onEvent)
        } catch {
            record.status = .failed
            record.error = describeError(error)
            record.step = lastStep
            record.finishedAt = Date()
            do { try library.update(record) } catch let recordError {
                throw LearnFailure("\(describeError(error)); the run could not be marked failed either: \(describeError(recordError))")
            }
            throw error
        }
        return record
    }

    /// The newest step this learn reached (a logged loss or a stop), for the record of a failed or stopped run.
    private var lastStep = 0

    /// The settings of the run to continue and those asked for, when they differ ("steps 260 → 300").
    static func differences(_ old: LearnOptions, _ new: LearnOptions) -> [String] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        guard let a = try? JSONSerialization.jsonObject(with: enc.encode(old)) as? [String: Any],
              let b = try? JSONSerialization.jsonObject(with: enc.encode(new)) as? [String: Any] else { return ["settings"] }
        return Set(a.keys).union(b.keys).sorted().compactMap { k in
            let x = a[k].map { "\($0)" } ?? "default", y = b[k].map { "\($0)" } ?? "default"
            return x == y ? nil : "\(k) \(x) → \(y)"
        }
    }

    /// Refuses, before anything is written, a learn that would clash with an earlier one of the same
    /// concepts and method: a finished one (learning it again needs a remove), an unfinished one without
    /// `--resume`, or `--resume` with other settings. Returns the run to continue, if any.
    func preflight() throws -> RunRecord? {
        let method = options.method.rawValue
        let label = names.map { "<\($0)>" }.joined(separator: " ")
        let earlier = try library.runs().filter { $0.conceptNames == names && $0.method == method }
        let unfinished = earlier.first { $0.status != .learned }
        if resume, let run = unfinished {
            if let old = try? JSONDecoder().decode(LearnOptions.self, from: Data(run.config.utf8)), old != options {
                throw LearnFailure("--resume with other settings than the stopped learn of \(label) (\(LearnSession.differences(old, options).joined(separator: ", "))); "
                                   + "resume with the same settings, or `dreamstyler library remove \(names[0])` and learn again")
            }
            return run
        }
        if earlier.contains(where: { $0.status == .learned }) {
            throw LearnFailure("\(label) is already learned with \(method); use it, learn it under another name, or `dreamstyler library remove \(names[0])` first")
        }
        if !resume, try hasCheckpoint() {
            throw LearnFailure("an unfinished learn of \(label) with \(method) is in \(try folderURL().path)"
                               + (unfinished.map { " (\($0.status.rawValue) at step \($0.step))" } ?? "") + "; continue it with --resume")
        }
        return nil
    }

    /// Whether the run folder holds a checkpoint of a mask or of the tuning (what `--resume` would continue).
    func hasCheckpoint() throws -> Bool {
        let folder = try folderURL()
        let phases = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0 == "tune" || $0.hasPrefix("mask-") }
        return phases.contains { TrainingCheckpoint(folder: folder.appendingPathComponent("\($0)/checkpoints")).latest != nil }
    }

    /// Adds the concepts to the library (refusing names it holds with other references) and opens a run,
    /// or reopens `previous`, the unfinished run of the same concepts and method being resumed.
    func register(baseHash: String, previous: RunRecord?) throws -> RunRecord {
        let method = options.method.rawValue
        if let previous {
            var r = previous
            r.status = .learning
            r.error = nil
            r.finishedAt = nil
            try library.update(r)
            return r
        }
        let refs = try specs.map { s in
            try s.files.map { f in (path: f, sha256: try SHA256.hex(fileAt: URL(fileURLWithPath: f)), seconds: try AudioFile.info(f).duration) }
        }
        let concepts = specs.map { ConceptRecord(name: $0.name, kind: $0.kind.rawValue, classWord: $0.kind.classWord, tokenCount: options.tokensPerConcept) }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return try library.startRun(RunRecord(concepts: names, method: method, config: String(decoding: try enc.encode(options), as: UTF8.self),
                                              baseHash: baseHash), adding: Array(zip(concepts, refs)))
    }

    func learn(_ concepts: [ConceptLearner.Concept], together: [ConceptLearner.Together], baseHash: String, record: inout RunRecord,
               start: Date, stop: StopSignal, onEvent: (Event) -> Void) throws {
        let learner = try ConceptLearner(base: base, text: text, concepts: concepts, together: together, options: options)
        let run = try folder()
        // Each phase works on other shapes than the one before: the buffers pooled for loading,
        // mask training and the prior clips would only add to the peak memory of the next.
        BufferPool.shared.drain()
        let runId = record.id!
        var masks: [[(name: String, delta: [Float])]] = []
        if options.method.usesPivotalEntries && options.selection == .pivotal && !learner.needsMasks {
            onEvent(.phase(LearnSession.noMaskPhase, totalSteps: 0))
        }
        if learner.needsMasks {
            for c in concepts {
                // Algorithm 1: each concept's mask is learned alone, so one stored by an earlier learn serves.
                if let stored = storedMask(c, learner: learner) {
                    onEvent(.phase("mask <\(c.name)> (stored)", totalSteps: 0))
                    masks.append(stored)
                    continue
                }
                onEvent(.phase("mask <\(c.name)>", totalSteps: learner.maskSteps(c)))
                let folder = run.appendingPathComponent("mask-\(c.name)")
                let (outcome, d) = try clock.time("mask") {
                    try learner.learnMask(c, folder: folder, resume: resume, stop: stop) { e in
                        onEvent(.log(step: e.step, loss: e.loss, seconds: e.seconds))
                    }
                }
                guard try finished(outcome, record: &record, tuning: false, onEvent: onEvent) else { return }
                try SafeTensors.write(d.map { ($0.name, Tensor($0.delta, shape: [$0.delta.count])) }, to: folder.appendingPathComponent(LearnSession.maskFile),
                                      metadata: maskKey(c))
                masks.append(d)
            }
        }
        // Δ_M and the selection only decide what trains: both are gone before tuning, whose optimizer
        // state is the learn's peak (a genre's P = 100 % selects ten million entries).
        let report: MaskReport?
        do {
            let entries = options.method.usesPivotalEntries ? learner.selection(masks: masks) : [:]
            report = masks.isEmpty ? nil : MaskReport.make(masks.flatMap { $0 }, selection: entries, percent: options.pivotalPercent(for: concepts.map(\.kind)))
            learner.configureTuning(entries: entries)
        }
        masks = []
        if let report {
            onEvent(.mask(report))
            // Δ_M's histogram (step = bin), threshold and per-layer pivotal counts, kept with the run.
            // Replaced as a whole, in one transaction: a resumed run stores them again and must not keep two copies.
            var values: [(name: String, values: [(step: Int?, value: Double)])] = [
                ("pivotal_entries", [(nil, Double(report.perLayer.values.reduce(0, +)))]),
                ("mask_histogram", report.histogram.enumerated().map { ($0.offset, Double($0.element)) }),
                ("mask_threshold", [(nil, Double(report.threshold))]),
                ("mask_maximum", [(nil, Double(report.maximum))]),
            ]
            for (layer, n) in report.perLayer.sorted(by: { $0.key < $1.key }) { values.append(("pivotal.\(layer)", [(nil, Double(n))])) }
            try library.replaceMetrics(runId: runId, values)
        }
        BufferPool.shared.drain()
        var prior: PriorClips?
        if options.priorRows > 0 {
            onEvent(.phase(LearnSession.priorPhase, totalSteps: 0))
            prior = try clock.time(LearnSession.priorPhase) {
                try PriorClips.loadOrMake(count: options.priorClips, frames: options.frames, seed: options.seed, base: base, text: text, folder: run)
            }
        }
        BufferPool.shared.drain()
        onEvent(.phase("tuning", totalSteps: options.steps))
        let samples = run.appendingPathComponent("samples")
        let sampler = Generator(base: learner.base, text: learner.text)
        sampler.vocoder.griffinLim.iterations = 16
        let samplePrompt = ConceptEvaluation.prompt("a short piece", concepts: concepts.map { ($0.name, $0.kind) })
        let tuningStart = Date()
        var sampling = 0.0
        let outcome = try learner.tune(entries: nil, prior: prior, folder: run.appendingPathComponent("tune"), resume: resume, stop: stop, onLog: { e in
            onEvent(.log(step: e.step, loss: e.loss, seconds: e.seconds))
            // A loss point the library cannot take fails the learn (after the busy timeout), never silently.
            try library.record(runId: runId, name: "loss", values: [(e.step, e.loss)])
            lastStep = e.step
        }, afterStep: { step in
            guard sampleEvery > 0, step % sampleEvery == 0 else { return }
            let sampleStart = Date()
            defer { sampling += Date().timeIntervalSince(sampleStart) }
            var s = GenerationSettings()
            s.seconds = 4; s.steps = 25; s.seed = 1
            try FileManager.default.createDirectory(at: samples, withIntermediateDirectories: true)
            let path = samples.appendingPathComponent(String(format: "step-%05d.wav", step)).path
            try AudioFile.write(try sampler.generate(samplePrompt, s), to: path, metadata: .generated(prompt: samplePrompt, seed: 1, concepts: names))
            onEvent(.sample(path: path, step: step))
        })
        clock.add("tuning", Date().timeIntervalSince(tuningStart) - sampling)
        clock.add("validation samples", sampling)
        guard try finished(outcome, record: &record, onEvent: onEvent) else { return }
        let writeStart = Date()
        defer { clock.add("writing", Date().timeIntervalSince(writeStart)) }
        let manifest = ConceptDelta.Manifest(
            concepts: Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0.kind) }), method: options.method,
            pivotalPercent: options.pivotalPercent(for: concepts.map(\.kind)), selection: options.selection, tokens: options.tokensPerConcept, steps: options.steps,
            baseHash: baseHash, mask: report, metrics: [:], createdAt: ISO8601DateFormatter().string(from: Date()))
        let delta = ConceptDelta.capture(unet: learner.base.denoiser, text: learner.text, concepts: names, manifest: manifest)
        let url = run.appendingPathComponent("\(names.joined(separator: "+")).delta.safetensors")
        try delta.write(to: url)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        record.status = .learned
        record.step = options.steps
        record.deltaPath = url.path
        record.finishedAt = Date()
        record.seconds = Date().timeIntervalSince(start)
        do { try library.update(record) } catch {
            // No delta without the row that points at it (a full disk fails this write, not the delta's).
            try? FileManager.default.removeItem(at: url)
            record.status = .learning
            record.deltaPath = nil
            throw error
        }
        LeftoverSweep.pruneCheckpoints(run)
        onEvent(.learned(delta: url.path, seconds: record.seconds, bytes: size, peakMB: ProcessMemory.peakResidentMB()))
    }

    static let maskFile = "delta_m.safetensors"
    /// Announced instead of mask training when a concept's P is 100 % (`ConceptLearner.needsMasks`).
    public static let noMaskPhase = "no mask: P = 100 % trains every entry"
    /// The phase in which the base model makes its prior-preservation clips (`PriorClips`).
    public static let priorPhase = "prior clips"

    /// What a mask depends on besides the base: its concept's references and the learn settings that shape it.
    func maskKey(_ c: ConceptLearner.Concept) -> [String: String] {
        ["concept": c.name, "references": c.references.files.joined(separator: ","), "tokens": String(options.tokensPerConcept),
         "mask_epochs": String(options.maskEpochs), "batch": String(options.batch), "frames": String(options.frames),
         "seed": String(options.seed), "lr": String(options.maskLearningRate), "base": (try? base.denoiserHash()) ?? ""]
            // Settings at their values from before there was a choice add no key, so masks stored then still match.
            .merging(options.maskScope == .selfAttention ? [:] : ["scope": options.maskScope.rawValue]) { $1 }
            .merging(options.augmentEffects ? ["effects": "on"] : [:]) { $1 }
            .merging(options.prompts == .short ? [:] : ["prompts": options.prompts.rawValue]) { $1 }
    }

    /// Δ_M of `c` from any earlier learn in the runs folder made with the same key.
    func storedMask(_ c: ConceptLearner.Concept, learner: ConceptLearner) -> [(name: String, delta: [Float])]? {
        guard let root = try? folder().deletingLastPathComponent(),
              let runs = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return nil }
        let key = maskKey(c)
        for r in runs.sorted() {
            let url = root.appendingPathComponent("\(r)/mask-\(c.name)/\(LearnSession.maskFile)")
            guard let f = try? SafeTensors(contentsOf: url), f.metadata == key else { continue }
            if let d = try? learner.maskedWeights.map({ (name: $0.name, delta: try f.tensor($0.name).toArray()) }) { return d }
        }
        return nil
    }

    /// Whether a phase finished; a stop is recorded, a divergence thrown.
    /// The run's step is the tuning's: a stop while a mask learns leaves it where it was.
    func finished(_ outcome: TrainingLoop.Outcome, record: inout RunRecord, tuning: Bool = true, onEvent: (Event) -> Void) throws -> Bool {
        switch outcome {
        case .finished: return true
        case .stopped(let step):
            record.status = .stopped
            if tuning {
                record.step = step
                lastStep = step
            }
            try library.update(record)
            onEvent(.stopped(step: step))
            return false
        case .diverged(let step, let checkpoint):
            throw LearnFailure("diverged at step \(step) (non-finite loss or gradient); the last good checkpoint is step \(checkpoint)")
        }
    }
}

/// A learn that cannot go on, said in one line.
public struct LearnFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
