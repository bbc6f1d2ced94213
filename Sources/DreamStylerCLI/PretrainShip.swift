import ArgumentParser
import Engine
import Foundation
import Generation
import Model
import Pretraining
import Training

extension DreamStyler {
    struct PretrainShip: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ship",
            abstract: "Write the pretrained codec, denoiser, evaluator, vocoder and classifier into Models/base (fp16) with a manifest.",
            discussion: """
            Takes each stage's final weights, or — for a run that has not finished — the newest \
            checkpoint's (the denoiser's EMA weights), converts them to fp16 and records config, \
            corpus, steps, final losses, metrics and sha256 in manifest.json. The new folder is \
            written beside OUT/base and swapped in whole, so a failure leaves the old one as it was.

            The evaluator is the judge of every table: --evaluator may name a base folder \
            (Models/base) to keep the one already shipped, so that v1's and v2's scores compare.

            Example (base v2, see Scripts/pretrain-v2):
              dreamstyler pretrain ship --release v2 --codec pretrain/codec-v2 \\
                --denoiser pretrain/denoiser-v2 --vocoder pretrain/vocoder --evaluator Models/base
            """)

        @Option(help: "Output folder; the base model goes into OUT/base.")
        var out = "Models"

        @Option(help: "Pretraining runs folder: the default place of each stage's run (default: $DREAMSTYLER_HOME/pretrain).")
        var runs: String?

        @Option(help: "The codec's run folder (default: RUNS/codec).")
        var codec: String?

        @Option(help: "The denoiser's run folder (default: RUNS/denoiser).")
        var denoiser: String?

        @Option(help: "The evaluator's run folder, or a base folder whose evaluator to keep (default: RUNS/evaluator).")
        var evaluator: String?

        @Option(help: "A finished vocoder run to ship as the default vocoder (default: none; Griffin-Lim).")
        var vocoder: String?

        @Option(help: "The concept classifier's run folder (default: RUNS/classifier); shipped only over its own evaluator.")
        var classifier: String?

        @Option(help: "The release's name, recorded in the manifest (e.g. v2).")
        var release: String?

        @Option(help: "What a corpus was, NAME=TEXT, recorded in the manifest (repeatable; default: v1's two corpora).")
        var corpus: [String] = []

        @Option(help: "The command that reproduces this base model.")
        var reproduce = "Scripts/pretrain"

        func validate() throws {
            for c in corpus where !c.contains("=") { throw ValidationError("--corpus takes NAME=TEXT, not '\(c)'") }
        }

        /// What one stage contributes to the manifest.
        struct Shipped {
            var steps: Int?
            var loss: Double?
            var metrics: [String: Double] = [:]
        }

        func run() throws {
            try reportingErrors {
                let root = try runs.map { URL(fileURLWithPath: $0) } ?? DataFolder.folder("pretrain")
                func place(_ given: String?, _ stage: String) -> URL { given.map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent(stage) }
                let codecRun = place(codec, "codec"), denoiserRun = place(denoiser, "denoiser")
                let evaluatorRun = place(evaluator, "evaluator"), classifierRun = place(classifier, "classifier")
                let config = try ModelConfiguration.load(codecRun.appendingPathComponent("config.json"))
                let vocoderRun = vocoder.map { URL(fileURLWithPath: $0) }
                if let vocoderRun, !MelVocoder.isPresent(in: vocoderRun) {
                    throw ValidationError("\(vocoderRun.path): no finished vocoder (vocoder.json + vocoder.safetensors)")
                }

                let base = URL(fileURLWithPath: out).appendingPathComponent("base")
                let staging = URL(fileURLWithPath: out).appendingPathComponent(".base.new-\(getpid())")
                try? FileManager.default.removeItem(at: staging)
                try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: staging) }

                var manifest = BaseModel.Manifest(createdAt: ISO8601DateFormatter().string(from: Date()), corpus: corpusNotes, steps: [:],
                                                  finalLosses: [:], metrics: [:], sha256: [:], reproduce: reproduce)
                manifest.version = release
                func record(_ stage: String, _ s: Shipped?) {
                    guard let s else { return }
                    if let steps = s.steps { manifest.steps[stage] = steps }
                    if let loss = s.loss { manifest.finalLosses[stage] = loss }
                    for (k, v) in s.metrics { manifest.metrics[k] = v }
                }
                record("codec", try weights(from: codecRun, file: "codec", to: staging, hashes: &manifest.sha256))
                record("denoiser", try weights(from: denoiserRun, file: "denoiser", to: staging, hashes: &manifest.sha256))
                record("evaluator", try evaluatorWeights(from: evaluatorRun, to: staging, hashes: &manifest.sha256))
                if let vocoderRun {
                    let bytes = try Data(contentsOf: vocoderRun.appendingPathComponent(MelVocoder.configFile))
                    try AtomicFile.write(bytes, to: staging.appendingPathComponent(MelVocoder.configFile))
                    manifest.sha256[MelVocoder.configFile] = SHA256.hex(bytes)
                    record("vocoder", try weights(from: vocoderRun, file: "vocoder", to: staging, hashes: &manifest.sha256))
                }
                try AtomicFile.write(try config.encoded(), to: staging.appendingPathComponent("config.json"))
                try write(manifest, to: staging)
                try shipClassifier(from: classifierRun, into: staging, evaluatorHash: manifest.sha256["evaluator.safetensors"])
                try swapIn(staging, for: base)
                let files = (try BaseModel(folder: base)).manifest?.sha256.keys.sorted() ?? []
                print("shipped \(release.map { "base \($0)" } ?? "the base model") to \(base.path): \(files.joined(separator: ", ")); steps \(manifest.steps)")
            }
        }

        var corpusNotes: [String: String] {
            guard !corpus.isEmpty else {
                return ["generator": "seed 1, 10 h (dreamstyler corpus build --hours 10 --seed 1)",
                        "evaluator": "seed 2, 4 h (dreamstyler corpus build --hours 4 --seed 2 --kind evaluator)"]
            }
            return Dictionary(corpus.map { c in
                let i = c.firstIndex(of: "=")!
                return (String(c[..<i]), String(c[c.index(after: i)...]))
            }, uniquingKeysWith: { $1 })
        }

        /// A stage's final weights (or its newest checkpoint's, EMA first) as fp16 `FILE.safetensors` in `dest`.
        func weights(from run: URL, file: String, to dest: URL, hashes: inout [String: String]) throws -> Shipped {
            let final = run.appendingPathComponent("\(file).safetensors")
            var tensors: [(String, Tensor)]
            var shipped = Shipped()
            if FileManager.default.fileExists(atPath: final.path) {
                let f = try SafeTensors(contentsOf: final)
                tensors = try f.names.map { ($0, try f.tensor($0)) }
                if let l1 = f.metadata["l1"].flatMap(Double.init) { shipped.metrics["\(file)_l1"] = l1 }
                shipped.steps = f.metadata["steps"].flatMap(Int.init)
            } else if let (state, files) = try TrainingCheckpoint(folder: run.appendingPathComponent("checkpoints")).load(),
                      let f = files["ema"] ?? files["model"] {
                tensors = try f.names.map { ($0, try f.tensor($0)) }
                shipped.steps = state.step
                print("\(file): not finished; shipping its newest checkpoint (step \(state.step))")
            } else {
                throw EngineError.io(path: run.path, reason: "no trained \(file) to ship")
            }
            let entries = LossLog.read(run.appendingPathComponent("loss.jsonl"))
            if shipped.steps == nil { shipped.steps = entries.last?.step }
            let tail = entries.filter { $0.step <= (shipped.steps ?? Int.max) }.suffix(10)
            if !tail.isEmpty { shipped.loss = tail.map(\.loss).reduce(0, +) / Double(tail.count) }
            let url = dest.appendingPathComponent("\(file).safetensors")
            try SafeTensors.write(tensors, to: url, dtype: .f16, metadata: ["stage": file, "steps": String(shipped.steps ?? 0)])
            hashes["\(file).safetensors"] = try SHA256.hex(fileAt: url)
            return shipped
        }

        /// The evaluator from its run, or kept from a base folder with what that folder's manifest says of it.
        func evaluatorWeights(from source: URL, to dest: URL, hashes: inout [String: String]) throws -> Shipped? {
            let manifestURL = source.appendingPathComponent("manifest.json")
            guard let data = try? Data(contentsOf: manifestURL), let kept = try? JSONDecoder().decode(BaseModel.Manifest.self, from: data) else {
                guard FileManager.default.fileExists(atPath: source.path) else { print("evaluator: no run yet, not shipped"); return nil }
                var s = try weights(from: source, file: "evaluator", to: dest, hashes: &hashes)
                if let r = try? JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("retrieval.json"))) as? [String: Any] {
                    for (k, v) in r { if let d = (v as? NSNumber)?.doubleValue, k != "pairs" { s.metrics["evaluator_\(k)"] = d } }
                }
                return s
            }
            let file = "evaluator.safetensors"
            let bytes = try Data(contentsOf: source.appendingPathComponent(file))
            guard SHA256.hex(bytes) == kept.sha256[file] else { throw BaseModel.Failure.checksum(source.appendingPathComponent(file).path) }
            try AtomicFile.write(bytes, to: dest.appendingPathComponent(file))
            hashes[file] = kept.sha256[file]
            print("evaluator: kept from \(source.path)")
            return Shipped(steps: kept.steps["evaluator"], loss: kept.finalLosses["evaluator"],
                           metrics: kept.metrics.filter { $0.key.hasPrefix("evaluator_") })
        }

        func write(_ manifest: BaseModel.Manifest, to folder: URL) throws {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            try AtomicFile.write(try enc.encode(manifest), to: folder.appendingPathComponent("manifest.json"))
        }

        /// Replaces `base` with `staging` by two renames; the old folder goes only once the new one is in place.
        func swapIn(_ staging: URL, for base: URL) throws {
            let fm = FileManager.default
            let old = base.deletingLastPathComponent().appendingPathComponent(".base.old-\(getpid())")
            let had = fm.fileExists(atPath: base.path)
            if had { try fm.moveItem(at: base, to: old) }
            do { try fm.moveItem(at: staging, to: base) } catch {
                if had { try? fm.moveItem(at: old, to: base) }
                throw error
            }
            AtomicFile.syncFolder(base.deletingLastPathComponent())
            if had { try? fm.removeItem(at: old) }
        }

        /// The concept classifier reads the evaluator's features, so it ships only beside the
        /// evaluator it was trained over; otherwise it is left out with a line saying what to run.
        func shipClassifier(from run: URL, into dest: URL, evaluatorHash: String?) throws {
            guard let c = try ConceptClassifier.load(from: run) else { return }
            guard !c.settings.features.needsEvaluator || c.settings.evaluatorSHA256 == evaluatorHash else {
                print("classifier: trained over another evaluator, not shipped; run `dreamstyler pretrain classifier --install`")
                return
            }
            let report = try? JSONDecoder().decode(ClassifierReport.self, from: Data(contentsOf: run.appendingPathComponent("report.json")))
            try BaseModel.installClassifier(from: run, into: dest, steps: report?.options.steps ?? 0, metrics: report.map {
                ["classifier_test_accuracy": $0.test.overall, "classifier_test_mean_p_true": $0.test.meanTrueProbability]
            } ?? [:])
            print("classifier: shipped (\(c.settings.features.rawValue) features)")
        }
    }
}
