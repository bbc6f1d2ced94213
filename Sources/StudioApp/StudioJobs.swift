import Audio
import Benchmark
import Engine
import Foundation
import Generation
import Method
// Model's types reach this target through Generation and Method; importing Model makes SwiftPM
// rebuild it when Model's layout changes, which it otherwise does not (docs/sanitizers.md).
import Model
import Studio
import Workspace
import Synchronization
import Training
import Library

/// The studio's background work, each job on a thread of its own so the screen keeps answering
/// keys: one learn at a time, one generation at a time, evaluations. The work is the workspace's
/// (the same calls as the command line's); a job only turns its results into events.
final class StudioJobs: Sendable {
    let queue: EventQueue
    let options: StudioOptions
    let workspace: Workspace
    private let learnState = Mutex<(stop: StopSignal?, running: Bool, specs: [LearnSession.Spec])>((nil, false, []))

    init(queue: EventQueue, options: StudioOptions, workspace: Workspace) {
        self.queue = queue
        self.options = options
        self.workspace = workspace
    }

    var learnRunning: Bool { learnState.withLock { $0.running } }

    func refreshLibrary() {
        let active = learnState.withLock { $0.running ? $0.specs.map(\.name) : [] }
        do { queue.post(.library(try LibraryRows.concepts(workspace, active: active))) } catch {
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
                var announced = false
                try workspace.learn(specs, options: options.learn, resume: resume, sampleEvery: options.sampleEvery, stop: stop) { event in
                    switch event {
                    case .phase(let name, let total):
                        if !announced { announced = true; self.refreshLibrary() }
                        queue.post(.learnPhase(name, totalSteps: total))
                        if name == LearnSession.noMaskPhase { queue.post(.learnNoMask) }
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
        var args = ["learn", "--resume"] + l.arguments + ["--sample-every", String(options.sampleEvery), "--model", try workspace.baseFolder().path]
        for s in specs { args += ["--concept", "\(s.name):\(s.kind.rawValue):\(s.files.joined(separator: ","))"] }
        let folder = try DataFolder.folder("concepts/\(specs.map(\.name).joined(separator: "+"))-\(l.method.rawValue)", root: workspace.dataFolder)
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
        let queue = self.queue
        let thread = Thread { [self] in
            defer { generating.withLock { $0 = false } }
            do {
                let seeds = (0..<UInt64(settings.clips)).map { settings.seed + $0 }
                try workspace.generate([prompt], settings: GenerationSettings(settings), seeds: seeds, strength: settings.strength) { event in
                    switch event {
                    case .note(let line): queue.post(.message(line, .dim))
                    case .composing(let n): queue.post(.message("these concepts were not learned jointly; composing \(n) deltas is experimental", .warn))
                    case .step(let index, let total): queue.post(.generationProgress(step: index + 1, total: total))
                    case .clip(let clip):
                        let r = clip.record
                        var view = ClipView(path: r.path, prompt: r.prompt, seed: UInt64(bitPattern: r.seed), concepts: r.conceptNames, seconds: clip.audio.duration)
                        view.spectrogram = StudioJobs.picture(clip.audio, config: clip.spectrogram)
                        queue.post(.clipReady(view))
                    }
                    return true
                }
            } catch {
                queue.post(.generationFailed("\(error)"))
            }
        }
        thread.stackSize = 16 << 20
        thread.start()
    }

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

    /// A quick look, seconds rather than the benchmark's minutes: three prompts, one short clip
    /// each, against the concepts' references; the classifier joins where it knows them. The
    /// settings row's strength and keep-prompt apply, as the library stores scores under them.
    static func quickEvaluation(_ names: [String], settings: GenerationChoice) -> EvaluationRequest {
        var r = EvaluationRequest(concepts: names, prompts: ["a short piece", "a calm evening song", "an upbeat tune"])
        r.clipsPerPrompt = 1
        r.settings.seconds = 5
        r.settings.steps = 25
        r.settings.keepPrompt = Float(settings.keep)
        r.strength = settings.strength
        r.recognition = .whereKnown
        r.tag = EvaluationRequest.quickTag
        return r
    }

    func evaluate(_ names: [String], settings: GenerationChoice) {
        let queue = self.queue
        let thread = Thread { [self] in
            do {
                let request = StudioJobs.quickEvaluation(names, settings: settings)
                var view = StudioJobs.alignmentView(try workspace.evaluate(request), request: request)
                if names.count == 1 {
                    // The scores stand without the benchmark's rows; a results file that cannot be read is said, not fatal.
                    do {
                        let record = try? workspace.library.concept(named: names[0])
                        let kind = record.flatMap { ConceptKind(rawValue: $0.kind) } ?? .instrument
                        view.methods = try StudioJobs.benchmarkRows(names[0], kind: kind, data: workspace.dataFolder)
                    } catch {
                        queue.post(.message("benchmark results not shown: \(error)", .warn))
                    }
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

    /// The panel's view of an evaluation: the scores it stored, recognition included, or why there is none.
    static func alignmentView(_ report: EvaluationReport, request: EvaluationRequest) -> AlignmentView {
        let r = report.result
        var view = AlignmentView(concepts: request.concepts, audioAlignment: r.audioAlignment, textAlignment: r.textAlignment,
                                 deltaAudioAlignment: r.deltaAudioAlignment,
                                 samples: "\(request.prompts.count) prompts × \(request.clipsPerPrompt) clip vs. the references"
                                     + (request.strength == 1 ? "" : String(format: " · strength %.1f", request.strength))
                                     + (request.settings.keepPrompt == 0 ? "" : String(format: " · keep-prompt %.0f", request.settings.keepPrompt)))
        view.recognition = (r.recognition ?? [:]).mapValues { AlignmentView.Recognition(share: $0.share, meanProbability: $0.meanProbability) }
        view.unclassified = report.unclassified
        return view
    }

    /// Table 1's rows for a benchmark concept, when `benchmark run` has written them.
    /// DreamStyler's row is the cell at the recipe's P for the concept's `kind`.
    static func benchmarkRows(_ name: String, kind: ConceptKind, data: URL) throws -> [(String, Double, Double, Double?)] {
        let url = BenchmarkResults.url(in: data.appendingPathComponent("benchmark-results"))
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let r = try JSONDecoder().decode(BenchmarkResults.self, from: try Data(contentsOf: url))
        let p = r.settings.learn.pivotalPercent(for: kind)
        return r.results.values.filter { $0.cell.concepts == [name] && ($0.cell.method == nil || ($0.cell.pivotalPercent == p || $0.cell.method != .dreamstyler) && $0.cell.selection == .pivotal && $0.cell.tokens == ($0.cell.method?.defaultTokens ?? 0)) }
            .sorted { $0.cell.key < $1.cell.key }
            .map { ($0.cell.method?.displayName ?? ($0.cell.namedInWords ? "base model, in words" : "base model"), $0.textAlignment, $0.audioAlignment[name] ?? 0, $0.recognition?[name]?.share) }
    }
}
