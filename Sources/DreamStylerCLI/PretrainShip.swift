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
            abstract: "Write the pretrained codec, denoiser and evaluator into Models/base (fp16) with a manifest.",
            discussion: """
            Takes each stage's final weights, or — for a run that has not finished — the newest \
            checkpoint's (the denoiser's EMA weights), converts them to fp16 and records config, \
            corpus, steps, final losses, metrics and sha256 in manifest.json.
            """)

        @Option(help: "Output folder.")
        var out = "Models"

        @Option(help: "Pretraining runs folder (default: $DREAMSTYLER_HOME/pretrain).")
        var runs: String?

        func run() throws {
            try reportingErrors {
                let root = try runs.map { URL(fileURLWithPath: $0) } ?? DataFolder.folder("pretrain")
                let dest = URL(fileURLWithPath: out).appendingPathComponent("base")
                try FileManager.default.createDirectory(at: dest, withIntermediateDirectories: true)
                let codecRun = root.appendingPathComponent("codec")
                let config = try ModelConfiguration.load(codecRun.appendingPathComponent("config.json"))
                var steps: [String: Int] = [:], losses: [String: Double] = [:], hashes: [String: String] = [:], metrics: [String: Double] = [:]

                for (stage, file) in [("codec", "codec"), ("denoiser", "denoiser"), ("evaluator", "evaluator")] {
                    let run = root.appendingPathComponent(stage)
                    let final = run.appendingPathComponent("\(file).safetensors")
                    var tensors: [(String, Tensor)]
                    var fromCheckpoint: Int?
                    if FileManager.default.fileExists(atPath: final.path) {
                        let f = try SafeTensors(contentsOf: final)
                        tensors = try f.names.map { ($0, try f.tensor($0)) }
                        if let l1 = f.metadata["l1"].flatMap(Double.init) { metrics["codec_l1"] = l1 }
                    } else if let (state, files) = try TrainingCheckpoint(folder: run.appendingPathComponent("checkpoints")).load(),
                              let f = files["ema"] ?? files["model"] {
                        tensors = try f.names.map { ($0, try f.tensor($0)) }
                        fromCheckpoint = state.step
                        print("\(stage): not finished; shipping its newest checkpoint (step \(state.step))")
                    } else {
                        if stage == "evaluator" { print("evaluator: no run yet, not shipped"); continue }
                        throw EngineError.io(path: run.path, reason: "no trained \(stage) to ship")
                    }
                    let entries = LossLog.read(run.appendingPathComponent("loss.jsonl"))
                    let shipped = fromCheckpoint ?? entries.last?.step ?? 0
                    steps[stage] = shipped
                    let upTo = entries.filter { $0.step <= shipped }
                    if !upTo.isEmpty {
                        let tail = upTo.suffix(10)
                        losses[stage] = tail.map(\.loss).reduce(0, +) / Double(tail.count)
                    }
                    let url = dest.appendingPathComponent("\(file).safetensors")
                    try SafeTensors.write(tensors, to: url, dtype: .f16, metadata: ["stage": stage, "steps": String(steps[stage] ?? 0)])
                    hashes["\(file).safetensors"] = try SHA256.hex(fileAt: url)
                }
                if let r = try? JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("evaluator/retrieval.json"))) as? [String: Any] {
                    for (k, v) in r { if let d = (v as? NSNumber)?.doubleValue, k != "pairs" { metrics["evaluator_\(k)"] = d } }
                }
                try AtomicFile.write(try config.encoded(), to: dest.appendingPathComponent("config.json"))
                let corpus = ["generator": "seed 1, 10 h (dreamstyler corpus build --hours 10 --seed 1)",
                              "evaluator": "seed 2, 4 h (dreamstyler corpus build --hours 4 --seed 2 --kind evaluator)"]
                let manifest = BaseModel.Manifest(createdAt: ISO8601DateFormatter().string(from: Date()), corpus: corpus, steps: steps,
                                                  finalLosses: losses, metrics: metrics, sha256: hashes, reproduce: "Scripts/pretrain")
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                try AtomicFile.write(try enc.encode(manifest), to: dest.appendingPathComponent("manifest.json"))
                print("shipped to \(dest.path): \(hashes.keys.sorted().joined(separator: ", ")); steps \(steps)")
                try shipClassifier(from: root.appendingPathComponent("classifier"), into: dest, evaluatorHash: hashes["evaluator.safetensors"])
            }
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
