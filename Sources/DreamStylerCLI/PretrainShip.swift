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
            (Models/base) to keep the one already shipped, so that v1's and v2's scores compare. \
            Every stage may: a base folder's file is kept as it is (its checksum verified) with \
            what its manifest says of it, and so are its corpus notes unless --corpus replaces them.

            --decoder takes a decoder-only codec run (pretrain codec --decoder-of): its decoder \
            replaces the codec's, whose encoder it must hold bit for bit, so the latent space — \
            and the denoiser and every concept delta made for it — stays as it was.

            Example (a new decoder and vocoder on the shipped base, see Scripts/pretrain-decoder-v2):
              dreamstyler pretrain ship --codec Models/base --decoder pretrain/decoder-v2 \
                --denoiser Models/base --evaluator Models/base --classifier Models/base \
                --vocoder pretrain/decoder-v2/vocoder --release v2

            Example (base v2, see Scripts/pretrain-v2):
              dreamstyler pretrain ship --release v2 --codec pretrain/codec-v2 \\
                --denoiser pretrain/denoiser-v2 --vocoder pretrain/vocoder --evaluator Models/base
            """)

        @Option(help: "Output folder; the base model goes into OUT/base.")
        var out = "Models"

        @Option(help: "Pretraining runs folder: the default place of each stage's run (default: $DREAMSTYLER_HOME/pretrain).")
        var runs: String?

        @Option(help: "The codec's run folder, or a base folder whose codec to keep (default: RUNS/codec).")
        var codec: String?

        @Option(help: ArgumentHelp("A decoder-only codec run whose decoder replaces the codec's; its encoder must be the codec's.", valueName: "run"))
        var decoder: String?

        @Option(help: "The denoiser's run folder, or a base folder whose denoiser to keep (default: RUNS/denoiser).")
        var denoiser: String?

        @Option(help: "The evaluator's run folder, or a base folder whose evaluator to keep (default: RUNS/evaluator).")
        var evaluator: String?

        @Option(help: "A finished vocoder run (or a base folder) whose vocoder ships as the default (default: none; Griffin-Lim).")
        var vocoder: String?

        @Option(help: "The concept classifier's run folder, or a base folder (default: RUNS/classifier); shipped only over its own evaluator.")
        var classifier: String?

        @Option(help: "The release's name, recorded in the manifest (e.g. v2).")
        var release: String?

        @Option(help: "What a corpus was, NAME=TEXT, recorded in the manifest (repeatable; default: a kept base folder's notes, else v1's two corpora).")
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
                // Only named, not created: a ship reads runs, it makes none.
                let root = try runs.map { URL(fileURLWithPath: $0) } ?? DataFolder.inside("pretrain")
                func place(_ given: String?, _ stage: String) -> URL { given.map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent(stage) }
                let codecRun = place(codec, "codec"), denoiserRun = place(denoiser, "denoiser")
                let evaluatorRun = place(evaluator, "evaluator"), classifierRun = place(classifier, "classifier")
                var config = try ModelConfiguration.load(codecRun.appendingPathComponent("config.json"))
                let vocoderRun = vocoder.map { URL(fileURLWithPath: $0) }
                if let vocoderRun, !MelVocoder.isPresent(in: vocoderRun) {
                    throw ValidationError("\(vocoderRun.path): no finished vocoder (vocoder.json + vocoder.safetensors)")
                }
                let decoderRun = decoder.map { URL(fileURLWithPath: $0) }
                if let decoderRun {
                    guard CodecPretraining.isDecoderOnly(decoderRun) else {
                        throw ValidationError("--decoder \(decoderRun.path): not a decoder-only codec run (pretrain codec --decoder-of)")
                    }
                    // The same codec but for a decoder grown deeper; the run's configuration then ships.
                    guard let runConfig = try? ModelConfiguration.load(decoderRun.appendingPathComponent("config.json")),
                          { var c = runConfig; c.codec.decoderResBlocksPerStage = config.codec.decoderResBlocksPerStage; return c == config }() else {
                        throw ValidationError("--decoder \(decoderRun.path): its codec configuration is not the codec's in \(codecRun.path)")
                    }
                    config = runConfig
                }
                // The base folder being updated, when a stage is kept from one: its corpus notes carry over.
                let keptFrom = [codecRun, denoiserRun, evaluatorRun].lazy.compactMap { Self.manifest(of: $0) }.first

                let base = URL(fileURLWithPath: out).appendingPathComponent("base")
                let staging = URL(fileURLWithPath: out).appendingPathComponent(".base.new-\(getpid())")
                try? FileManager.default.removeItem(at: staging)
                try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: staging) }

                var manifest = BaseModel.Manifest(createdAt: ISO8601DateFormatter().string(from: Date()), corpus: corpusNotes(keptFrom?.corpus), steps: [:],
                                                  finalLosses: [:], metrics: [:], sha256: [:], reproduce: reproduce)
                manifest.version = release
                func record(_ stage: String, _ s: Shipped?) {
                    guard let s else { return }
                    if let steps = s.steps { manifest.steps[stage] = steps }
                    if let loss = s.loss { manifest.finalLosses[stage] = loss }
                    for (k, v) in s.metrics { manifest.metrics[k] = v }
                }
                record("codec", try kept("codec", ["codec.safetensors"], from: codecRun, to: staging, hashes: &manifest.sha256)
                       ?? weights(from: codecRun, file: "codec", to: staging, hashes: &manifest.sha256))
                if let decoderRun {
                    let s = try replaceDecoder(from: decoderRun, in: staging, hashes: &manifest.sha256)
                    if let steps = s.steps { manifest.steps["codec_decoder"] = steps }
                    if let loss = s.loss { manifest.finalLosses["codec_decoder"] = loss }
                    for (k, v) in s.metrics { manifest.metrics[k] = v }
                }
                record("denoiser", try kept("denoiser", ["denoiser.safetensors"], from: denoiserRun, to: staging, hashes: &manifest.sha256)
                       ?? weights(from: denoiserRun, file: "denoiser", to: staging, hashes: &manifest.sha256))
                record("evaluator", try evaluatorWeights(from: evaluatorRun, to: staging, hashes: &manifest.sha256))
                if let vocoderRun {
                    if let s = try kept("vocoder", [MelVocoder.configFile, "vocoder.safetensors"], from: vocoderRun, to: staging, hashes: &manifest.sha256) {
                        record("vocoder", s)
                    } else {
                        let bytes = try Data(contentsOf: vocoderRun.appendingPathComponent(MelVocoder.configFile))
                        try AtomicFile.write(bytes, to: staging.appendingPathComponent(MelVocoder.configFile))
                        manifest.sha256[MelVocoder.configFile] = SHA256.hex(bytes)
                        record("vocoder", try weights(from: vocoderRun, file: "vocoder", to: staging, hashes: &manifest.sha256))
                    }
                }
                let classifierKept = try kept("classifier", [ConceptClassifier.settingsFile, ConceptClassifier.weightsFile],
                                              from: classifierRun, to: staging, hashes: &manifest.sha256)
                record("classifier", classifierKept)
                try AtomicFile.write(try config.encoded(), to: staging.appendingPathComponent("config.json"))
                try write(manifest, to: staging)
                if classifierKept != nil {
                    // Kept only beside the evaluator it reads.
                    if let c = try ConceptClassifier.load(from: staging), c.settings.features.needsEvaluator,
                       c.settings.evaluatorSHA256 != manifest.sha256["evaluator.safetensors"] {
                        throw ValidationError("--classifier \(classifierRun.path): trained over another evaluator than the one shipped")
                    }
                } else {
                    try shipClassifier(from: classifierRun, into: staging, evaluatorHash: manifest.sha256["evaluator.safetensors"])
                }
                try swapIn(staging, for: base)
                let files = (try BaseModel(folder: base)).manifest?.sha256.keys.sorted() ?? []
                print("shipped \(release.map { "base \($0)" } ?? "the base model") to \(base.path): \(files.joined(separator: ", ")); steps \(manifest.steps)")
            }
        }

        /// The --corpus notes over a kept base folder's; with neither, v1's two corpora.
        func corpusNotes(_ kept: [String: String]?) -> [String: String] {
            guard !corpus.isEmpty || kept != nil else {
                return ["generator": "seed 1, 10 h (dreamstyler corpus build --hours 10 --seed 1)",
                        "evaluator": "seed 2, 4 h (dreamstyler corpus build --hours 4 --seed 2 --kind evaluator)"]
            }
            return (kept ?? [:]).merging(corpus.map { c in
                let i = c.firstIndex(of: "=")!
                return (String(c[..<i]), String(c[c.index(after: i)...]))
            }, uniquingKeysWith: { $1 })
        }

        /// The manifest of a base folder; nil for a run folder.
        static func manifest(of folder: URL) -> BaseModel.Manifest? {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent("manifest.json")) else { return nil }
            return try? JSONDecoder().decode(BaseModel.Manifest.self, from: data)
        }

        /// A stage kept from a base folder: its files copied once their checksums are verified, with what
        /// the folder's manifest says of the stage. nil when `source` is not a base folder, or has no such stage.
        func kept(_ stage: String, _ files: [String], from source: URL, to dest: URL, hashes: inout [String: String]) throws -> Shipped? {
            // A base folder that ships no such stage (no classifier, say) has nothing to keep.
            guard let m = Self.manifest(of: source), files.allSatisfy({ m.sha256[$0] != nil }) else { return nil }
            for file in files {
                let url = source.appendingPathComponent(file)
                let bytes = try Data(contentsOf: url)
                guard SHA256.hex(bytes) == m.sha256[file] else { throw BaseModel.Failure.checksum(url.path) }
                try AtomicFile.write(bytes, to: dest.appendingPathComponent(file))
                hashes[file] = m.sha256[file]
            }
            print("\(stage): kept from \(source.path)")
            return Shipped(steps: m.steps[stage], loss: m.finalLosses[stage], metrics: m.metrics.filter { $0.key.hasPrefix("\(stage)_") })
        }

        /// The codec in `dest` with its decoder from a decoder-only run, refused unless the run's encoder
        /// is that codec's, bit for bit (in fp16, as shipped).
        func replaceDecoder(from run: URL, in dest: URL, hashes: inout [String: String]) throws -> Shipped {
            let url = dest.appendingPathComponent("codec.safetensors")
            let shipped = try SafeTensors(contentsOf: url)
            let encoder = try shipped.names.filter { $0.hasPrefix("encoder.") }.map { ($0, try shipped.tensor($0).toArray()) }
            let scratch = dest.appendingPathComponent(".decoder")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            var ignored: [String: String] = [:]
            let s = try weights(from: run, file: "codec", to: scratch, hashes: &ignored)
            let candidate = try SafeTensors(contentsOf: scratch.appendingPathComponent("codec.safetensors"))
            guard Set(candidate.names.filter { $0.hasPrefix("encoder.") }) == Set(encoder.map(\.0)),
                  try encoder.allSatisfy({ name, values in try candidate.tensor(name).toArray() == values }) else {
                throw ValidationError("--decoder \(run.path): its encoder is not the shipped codec's; it was not trained with --decoder-of that codec")
            }
            // A rename over the shipped codec: a stop here leaves the old codec or the new one, never none.
            try AtomicFile.commit(scratch.appendingPathComponent("codec.safetensors"), to: url)
            hashes["codec.safetensors"] = try SHA256.hex(fileAt: url)
            print("codec: decoder from \(run.path) (step \(s.steps ?? 0)); encoder identical to the kept one")
            return s
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
            if let s = try kept("evaluator", ["evaluator.safetensors"], from: source, to: dest, hashes: &hashes) { return s }
            guard FileManager.default.fileExists(atPath: source.path) else { print("evaluator: no run yet, not shipped"); return nil }
            var s = try weights(from: source, file: "evaluator", to: dest, hashes: &hashes)
            if let r = try? JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("retrieval.json"))) as? [String: Any] {
                for (k, v) in r { if let d = (v as? NSNumber)?.doubleValue, k != "pairs" { s.metrics["evaluator_\(k)"] = d } }
            }
            return s
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
