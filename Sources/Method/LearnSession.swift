import Audio
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
    public var sampleEvery = 250
    let base: BaseModel
    let text: TextEncoder

    public var names: [String] { specs.map(\.name) }

    /// Wall time by phase of the last `run` (reading, latents, mask, tuning, validation samples, writing).
    public private(set) var clock = PhaseClock()

    public init(specs: [Spec], options: LearnOptions, base: BaseModel, text: TextEncoder, library: ConceptLibrary, resume: Bool) throws {
        let names = specs.map(\.name)
        guard !specs.isEmpty else { throw LearnFailure("name at least one concept") }
        guard Set(names).count == names.count else { throw LearnFailure("a concept is named twice: \(names.joined(separator: ", "))") }
        for n in names where !ConceptTokens.isValidName(n) { throw TextEncoderError.invalidConceptName(n) }
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
        let name = names.joined(separator: "+") + "-" + options.method.rawValue
        guard let runsRoot else { return try ConceptStore.runFolder(name) }
        let u = runsRoot.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// Runs the learn; returns its library record (status learned, stopped or failed).
    @discardableResult
    public func run(stop: StopSignal = .shared, onEvent: (Event) -> Void = { _ in }) throws -> RunRecord {
        let start = Date()
        clock = PhaseClock()
        // Checked before the library changes: a bad reference leaves no trace.
        let concepts = try specs.map { s in
            ConceptLearner.Concept(name: s.name, kind: s.kind,
                                   references: try ReferenceSet.load(s.files, base: base, augment: options.augment, clock: &clock))
        }
        let baseHash = try base.denoiserHash()
        var record = try register(baseHash: baseHash)
        do {
            try learn(concepts, baseHash: baseHash, record: &record, start: start, stop: stop, onEvent: onEvent)
        } catch {
            record.status = .failed
            record.error = String(describing: error)
            record.finishedAt = Date()
            try? library.update(record)
            throw error
        }
        return record
    }

    /// Adds the concepts to the library (refusing names it holds with other references) and opens a run,
    /// or reopens the unfinished run of the same concepts and method when resuming.
    func register(baseHash: String) throws -> RunRecord {
        let method = options.method.rawValue
        if resume, let previous = try library.runs().first(where: { $0.conceptNames == names && $0.method == method && $0.status != .learned }) {
            var r = previous
            r.status = .learning
            r.error = nil
            try library.update(r)
            return r
        }
        for s in specs {
            let refs = try s.files.map { f in (path: f, sha256: try SHA256.hex(fileAt: URL(fileURLWithPath: f)), seconds: try AudioFile.info(f).duration) }
            try library.addOrMatch(ConceptRecord(name: s.name, kind: s.kind.rawValue, classWord: s.kind.classWord, tokenCount: options.tokensPerConcept),
                                   references: refs)
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return try library.startRun(RunRecord(concepts: names, method: method, config: String(decoding: try enc.encode(options), as: UTF8.self),
                                              baseHash: baseHash))
    }

    func learn(_ concepts: [ConceptLearner.Concept], baseHash: String, record: inout RunRecord, start: Date, stop: StopSignal,
               onEvent: (Event) -> Void) throws {
        let learner = try ConceptLearner(base: base, text: text, concepts: concepts, options: options)
        let run = try folder()
        let runId = record.id!
        var masks: [[(name: String, delta: [Float])]] = []
        if options.method.usesPivotalEntries && options.selection == .pivotal {
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
                guard try finished(outcome, record: &record, onEvent: onEvent) else { return }
                try SafeTensors.write(d.map { ($0.name, Tensor($0.delta, shape: [$0.delta.count])) }, to: folder.appendingPathComponent(LearnSession.maskFile),
                                      metadata: maskKey(c))
                masks.append(d)
            }
        }
        let entries = options.method.usesPivotalEntries ? learner.selection(masks: masks) : [:]
        let report = masks.isEmpty ? nil : MaskReport.make(masks.flatMap { $0 }, selection: entries, percent: options.pivotalPercent)
        if let report {
            onEvent(.mask(report))
            // Δ_M's histogram (step = bin), threshold and per-layer pivotal counts, kept with the run.
            try library.record(runId: runId, name: "pivotal_entries", values: [(nil, Double(report.perLayer.values.reduce(0, +)))])
            try library.record(runId: runId, name: "mask_histogram", values: report.histogram.enumerated().map { ($0.offset, Double($0.element)) })
            try library.record(runId: runId, name: "mask_threshold", values: [(nil, Double(report.threshold))])
            try library.record(runId: runId, name: "mask_maximum", values: [(nil, Double(report.maximum))])
            for (layer, n) in report.perLayer { try library.record(runId: runId, name: "pivotal.\(layer)", values: [(nil, Double(n))]) }
        }
        onEvent(.phase("tuning", totalSteps: options.steps))
        let samples = run.appendingPathComponent("samples")
        let sampler = Generator(base: learner.base, text: learner.text)
        sampler.vocoder.griffinLim.iterations = 16
        let samplePrompt = ConceptEvaluation.prompt("a short piece", concepts: concepts.map { ($0.name, $0.kind) })
        let tuningStart = Date()
        var sampling = 0.0
        let outcome = try learner.tune(entries: entries, folder: run.appendingPathComponent("tune"), resume: resume, stop: stop, onLog: { e in
            onEvent(.log(step: e.step, loss: e.loss, seconds: e.seconds))
            try? library.record(runId: runId, name: "loss", values: [(e.step, e.loss)])
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
            pivotalPercent: options.pivotalPercent, selection: options.selection, tokens: options.tokensPerConcept, steps: options.steps,
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
        try library.update(record)
        onEvent(.learned(delta: url.path, seconds: record.seconds, bytes: size, peakMB: ProcessMemory.peakResidentMB()))
    }

    static let maskFile = "delta_m.safetensors"

    /// What a mask depends on besides the base: its concept's references and the learn settings that shape it.
    func maskKey(_ c: ConceptLearner.Concept) -> [String: String] {
        ["concept": c.name, "references": c.references.files.joined(separator: ","), "tokens": String(options.tokensPerConcept),
         "mask_epochs": String(options.maskEpochs), "batch": String(options.batch), "frames": String(options.frames),
         "seed": String(options.seed), "lr": String(options.maskLearningRate), "base": (try? base.denoiserHash()) ?? ""]
    }

    /// Δ_M of `c` from any earlier learn in the runs folder made with the same key.
    func storedMask(_ c: ConceptLearner.Concept, learner: ConceptLearner) -> [(name: String, delta: [Float])]? {
        guard let root = try? folder().deletingLastPathComponent(),
              let runs = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return nil }
        let key = maskKey(c)
        for r in runs.sorted() {
            let url = root.appendingPathComponent("\(r)/mask-\(c.name)/\(LearnSession.maskFile)")
            guard let f = try? SafeTensors(contentsOf: url), f.metadata == key else { continue }
            if let d = try? learner.selfAttentionValues.map({ (name: $0.name, delta: try f.tensor($0.name).toArray()) }) { return d }
        }
        return nil
    }

    /// Whether a phase finished; a stop is recorded, a divergence thrown.
    func finished(_ outcome: TrainingLoop.Outcome, record: inout RunRecord, onEvent: (Event) -> Void) throws -> Bool {
        switch outcome {
        case .finished: return true
        case .stopped(let step):
            record.status = .stopped
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
