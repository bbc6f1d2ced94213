import Audio
import ConceptGrammar
import Diffusion
import Engine
import Evaluation
import Foundation
import Generation
import Library
import Method
import Studio
import Synchronization
import Text
import Training

/// The studio's background work, each job on a thread of its own, reporting through the queue:
/// one learn at a time, one generation at a time, evaluations. A learn loads its own copy of the
/// base model, so a generation never sees half-trained weights; generations and evaluations keep
/// the last model they used loaded (see `model(with:)`).
final class StudioJobs: Sendable {
    let queue: EventQueue
    let options: StudioOptions
    private let learnState = Mutex<(stop: StopSignal?, running: Bool, specs: [LearnSession.Spec])>((nil, false, []))

    init(queue: EventQueue, options: StudioOptions) {
        self.queue = queue
        self.options = options
    }

    var learnRunning: Bool { learnState.withLock { $0.running } }

    func library() throws -> ConceptLibrary { try ConceptLibrary(url: options.library) }

    func refreshLibrary() {
        let active = learnState.withLock { $0.running ? $0.specs.map(\.name) : [] }
        do { queue.post(.library(try LibraryRows.concepts(try library(), active: active))) } catch {
            queue.post(.message("cannot read the library: \(error)", .bad))
        }
    }

    // MARK: learn

    func learn(_ specs: [LearnSession.Spec], resume: Bool) {
        let stop = StopSignal()
        let started = learnState.withLock { s -> Bool in
            guard !s.running else { return false }
            s = (stop, true, specs)
            return true
        }
        guard started else { queue.post(.message("a learn is running already", .warn)); return }
        queue.post(.learnStarted(concepts: specs.map(\.name), summary: options.learnSummary))
        let options = self.options, queue = self.queue
        let thread = Thread { [self] in
            defer {
                learnState.withLock { $0.running = false }
                refreshLibrary()
            }
            do {
                let session = try LearnSession(specs: specs, options: options.learn, base: try BaseModel(folder: options.baseFolder),
                                               text: try TextEncoder(folder: options.textFolder), library: try library(), resume: resume)
                session.sampleEvery = options.sampleEvery
                var announced = false
                try session.run(stop: stop) { event in
                    switch event {
                    case .phase(let name, let total):
                        if !announced { announced = true; self.refreshLibrary() }
                        queue.post(.learnPhase(name, totalSteps: total))
                    case .log(let step, let loss, let seconds): queue.post(.learnLog(step: step, loss: loss, seconds: seconds))
                    case .mask(let r):
                        queue.post(.learnMask(MaskView(histogram: r.histogram, maximum: Double(r.maximum), threshold: Double(r.threshold), percent: r.percent,
                                                       perLayer: r.perLayer.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })))
                    case .sample(let path, let step): queue.post(.learnSample(path: path, step: step))
                    case .stopped(let step): queue.post(.learnStopped(step: step))
                    case .learned(_, let seconds, let bytes, _):
                        queue.post(.learnFinished(String(format: "learned %@ in %.0f s (delta %.2f MB) — Enter in Concepts puts it in a prompt",
                                                         specs.map { "<\($0.name)>" }.joined(separator: " "), seconds, Double(bytes) / 1e6)))
                    }
                }
            } catch {
                queue.post(.learnFailed("\(error)"))
            }
        }
        thread.stackSize = 16 << 20
        thread.start()
    }

    func stopLearn() { learnState.withLock { $0.stop?.request() } }

    /// Waits until no learn runs.
    func waitForLearn() { while learnRunning { Thread.sleep(forTimeInterval: 0.05) } }

    /// The specs of the learn running or last run.
    var learnSpecs: [LearnSession.Spec] { learnState.withLock { $0.specs } }

    /// Continues the last learn in a detached `dreamstyler learn --resume`; returns its log file.
    func continueInBackground() throws -> (pid: Int32, log: String) {
        let specs = learnSpecs
        let l = options.learn
        var args = ["learn", "--resume", "--method", l.method.rawValue, "--steps", String(l.steps), "--batch", String(l.batch),
                    "--mask-epochs", String(l.maskEpochs), "--pivotal", String(l.pivotalPercent), "--seed", String(l.seed),
                    "--sample-every", String(options.sampleEvery), "--model", options.baseFolder.path]
        for s in specs { args += ["--concept", "\(s.name):\(s.kind.rawValue):\(s.files.joined(separator: ","))"] }
        let folder = try DataFolder.folder("concepts/\(specs.map(\.name).joined(separator: "+"))-\(l.method.rawValue)", root: options.dataFolder)
        let log = folder.appendingPathComponent("learn.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        p.arguments = [options.executable] + args
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return (p.processIdentifier, log.path)
    }

    // MARK: generate

    private let generating = Mutex(false)

    func generate(_ prompt: String, settings: GenerationChoice) {
        guard generating.withLock({ g -> Bool in defer { g = true }; return !g }) else { queue.post(.generationFailed("a generation is running already")); return }
        let options = self.options, queue = self.queue
        let thread = Thread { [self] in
            defer { generating.withLock { $0 = false } }
            do {
                let loadedModel = try model(with: PromptReferences.names(in: prompt))
                defer { release(loadedModel) }
                let (base, text, composed) = (loadedModel.base, loadedModel.text, loadedModel.composed)
                if composed > 1 { queue.post(.message("these concepts were not learned jointly; composing \(composed) deltas is experimental", .warn)) }
                let generator = Generator(base: base, text: text)
                var s = GenerationSettings()
                s.seconds = settings.seconds; s.steps = settings.steps; s.guidance = Float(settings.cfg)
                s.sampler = SamplerKind(rawValue: settings.sampler) ?? .ddim
                try FileManager.default.createDirectory(at: options.clips, withIntermediateDirectories: true)
                let names = PromptReferences.names(in: prompt)
                let lib = try library()
                for k in 0..<settings.clips {
                    s.seed = settings.seed + UInt64(k)
                    let clip = try generator.generate(prompt, s) { step in
                        queue.post(.generationProgress(step: step.index + 1, total: step.total))
                        return true
                    }
                    let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
                    let path = options.clips.appendingPathComponent("\(stamp)-seed\(s.seed).wav").path
                    try AudioFile.write(clip, to: path, metadata: .generated(prompt: prompt, seed: s.seed, concepts: names))
                    _ = try lib.addClip(ClipRecord(prompt: prompt, seed: s.seed, sampler: s.sampler.rawValue, steps: s.steps, cfg: Double(s.guidance),
                                                   concepts: names, path: path))
                    var view = ClipView(path: path, prompt: prompt, seed: s.seed, concepts: names, seconds: clip.duration)
                    view.spectrogram = StudioJobs.picture(clip, config: base.config.spectrogram)
                    queue.post(.clipReady(view))
                }
            } catch {
                queue.post(.generationFailed("\(error)"))
            }
        }
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// The base model with the deltas of `names` applied, and the count of delta files composed.
    /// The last one used stays loaded: loading and checking the base model and the text encoder
    /// costs about half a second, which every Enter used to pay. A job takes the model out of
    /// the cache while it runs (two jobs never share one), and `release` puts it back.
    func model(with names: [String]) throws -> LoadedModel {
        let key = LoadedModel.key(names, base: options.baseFolder)
        if let kept = loaded.withLock({ m -> LoadedModel? in
            defer { if m?.key == key { m = nil } }
            return m?.key == key ? m : nil
        }) { return kept }
        let base = try BaseModel(folder: options.baseFolder)
        let text = try TextEncoder(folder: options.textFolder)
        let (covered, files) = try ConceptStore.apply(names, to: base, text: text)
        if let missing = names.first(where: { !covered.contains($0) }) { throw LearnFailure("<\(missing)> has not been learned yet") }
        return LoadedModel(key: key, base: base, text: text, composed: files.count)
    }

    /// Keeps `model` loaded for the next job that asks for the same concepts.
    func release(_ model: LoadedModel) { loaded.withLock { $0 = model } }

    private let loaded = Mutex<LoadedModel?>(nil)

    /// A 16-band × 96-column picture of a clip's log-mel spectrogram, 0…1.
    static func picture(_ clip: AudioClip, config: SpectrogramConfig) -> [[Float]] {
        let mel = MelSpectrogram(config).normalized(clip.samples)
        let t = mel.shape[0], m = mel.shape[1]
        guard t > 0 else { return [] }
        let bands = 16, columns = 96
        return (0..<bands).map { b in
            (0..<columns).map { c in
                let f0 = c * t / columns, f1 = max(f0 + 1, (c + 1) * t / columns)
                let m0 = b * m / bands, m1 = max(m0 + 1, (b + 1) * m / bands)
                var acc: Float = 0
                for f in f0..<min(f1, t) { for k in m0..<m1 { acc += mel[f, k] } }
                let v = acc / Float((min(f1, t) - f0) * (m1 - m0))
                return min(1, max(0, (v + 1) / 2))
            }
        }
    }

    // MARK: evaluate

    func evaluate(_ names: [String]) {
        let queue = self.queue, options = self.options
        let thread = Thread { [self] in
            do {
                let loadedModel = try model(with: names)
                defer { release(loadedModel) }
                let (base, text) = (loadedModel.base, loadedModel.text)
                guard let evaluator = base.evaluator else { throw LearnFailure("the base model has no evaluator") }
                let lib = try library()
                var kinds: [(name: String, kind: ConceptKind)] = []
                var refs: [String: [AudioClip]] = [:]
                for n in names {
                    guard let c = try lib.concept(named: n) else { throw LearnFailure("unknown concept <\(n)>") }
                    kinds.append((n, ConceptKind(rawValue: c.kind) ?? .instrument))
                    refs[n] = try lib.references(of: n).map { try AudioFile.read($0.path).clip }
                }
                var s = GenerationSettings()
                s.seconds = 5; s.steps = 25
                let prompts = ["a short piece", "a calm evening song", "an upbeat tune"]
                // Recognition joins the scores when the base model ships a classifier and every concept is one of its classes.
                let recogniser = (try? ConceptRecogniser.load(base: base)).flatMap { r in names.allSatisfy { r.classFor(concept: $0) != nil } ? r : nil }
                let evaluation = ConceptEvaluation(generator: Generator(base: base, text: text),
                                                   scorer: AlignmentScorer(evaluator: evaluator, text: text, config: base.config),
                                                   recogniser: recogniser)
                let r = try evaluation.run(concepts: kinds, references: refs, prompts: prompts, clips: 1, settings: s)
                var view = AlignmentView(concepts: names, audioAlignment: r.audioAlignment, textAlignment: r.textAlignment,
                                         deltaAudioAlignment: r.deltaAudioAlignment, samples: "\(prompts.count) prompts × 1 clip vs. the references")
                if names.count == 1 {
                    // The scores stand without the benchmark's rows; a results file that cannot be read is said, not fatal.
                    do { view.methods = try StudioJobs.benchmarkRows(names[0], data: options.dataFolder) } catch {
                        queue.post(.message("benchmark results not shown: \(error)", .warn))
                    }
                }
                if let run = try lib.learnedRun(of: names[0]) {
                    // All scores in one transaction (a NaN one refuses the lot, with a line saying so).
                    try lib.record(runId: run.id!, r.libraryScores)
                }
                queue.post(.alignment(view))
                refreshLibrary()
            } catch {
                queue.post(.message("evaluation failed: \(error)", .bad))
            }
        }
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// Table 1's rows for a benchmark concept, when `benchmark run` has written them.
    static func benchmarkRows(_ name: String, data: URL) throws -> [(String, Double, Double)] {
        let url = BenchmarkResults.url(in: data.appendingPathComponent("benchmark-results"))
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let r = try JSONDecoder().decode(BenchmarkResults.self, from: try Data(contentsOf: url))
        return r.results.values.filter { $0.cell.concepts == [name] && ($0.cell.method == nil || ($0.cell.pivotalPercent == 5 || $0.cell.method != .dreamstyler) && $0.cell.selection == .pivotal && $0.cell.tokens == ($0.cell.method?.defaultTokens ?? 0)) }
            .sorted { $0.cell.key < $1.cell.key }
            .map { ($0.cell.method?.displayName ?? "base model", $0.textAlignment, $0.audioAlignment[name] ?? 0) }
    }
}

/// A base model and text encoder with some concepts' deltas applied, named by what went into it.
struct LoadedModel: @unchecked Sendable {
    /// The base folder, then each concept with its delta file's path, size and date: a relearned,
    /// renamed or removed concept changes the key, so a stale model is never reused.
    let key: [String]
    let base: BaseModel
    let text: TextEncoder
    let composed: Int

    static func key(_ names: [String], base: URL) -> [String] {
        [base.standardizedFileURL.path] + Set(names).sorted().map { name in
            // A key only: a delta that cannot be read here fails loudly when the model is loaded.
            guard let url = ConceptStore.delta(for: name),
                  let a = try? FileManager.default.attributesOfItem(atPath: url.path) else { return "\(name): none" }
            let date = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(name): \(url.path) \((a[.size] as? Int) ?? -1) \(date)"
        }
    }
}
