import ArgumentParser
import Audio
import Corpus
import Engine
import Evaluation
import Foundation
import Generation
import Method
import Model
import Pretraining
import Training

extension DreamStyler {
    struct PretrainRoundTripReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roundtrip-report",
            abstract: "Does each benchmark concept survive the audio stack? P(concept) before and after codec + vocoder.",
            discussion: """
            For each benchmark concept's 1-minute evaluation recording: P(concept) from the concept \
            classifier on the original, then after each path — the vocoder alone (mel → audio), and \
            each --codec (mel → latent → mel) followed by the vocoder — with the ratio to the original \
            and the top class. A recording is classified by cutting it into 10-s segments, each \
            into evenly spread 4.1-s windows, and averaging the probabilities. Prints a Markdown \
            table and how many concepts keep ratio ≥ 0.9 per path (the target is 18 of 20).

            --codec takes a base model folder or a codec run (its newest checkpoint while it trains).
            --vocoder is griffin-lim or LABEL=DIR, a learned vocoder from a base model folder or a \
            vocoder run (its newest checkpoint while it trains); repeatable.

            Example:
              dreamstyler pretrain roundtrip-report --codec v1=Models/base --codec v2=~/.local/share/dreamstyler/pretrain/codec-v2
            """)

        @Option(help: "Benchmark folder (default: $DREAMSTYLER_HOME/benchmark).")
        var benchmark: String?

        @Option(help: "LABEL=DIR: a codec to send the mel through before the vocoder (repeatable; default v1=the base model).")
        var codec: [String] = []

        @Option(help: "Vocoder: griffin-lim, or LABEL=DIR for a learned one (repeatable).")
        var vocoder: [String] = ["griffin-lim"]

        @Option(parsing: .unconditional, help: "Griffin-Lim iterations (1–1000).")
        var iterations = 32

        @Option(help: "Only these concepts (comma-separated identifiers).")
        var only: String?

        @Option(help: "Base model folder (default: Models/base): the evaluator and, unless --classifier, the classifier.")
        var model: String?

        @Option(help: "Folder of another classifier (classifier.json + classifier.safetensors).")
        var classifier: String?

        @Option(help: "Also write the table (Markdown) here.")
        var out: String?

        @Option(help: "Also write the numbers (JSON) here.")
        var json: String?

        /// nil for Griffin-Lim, else the learned vocoder's label and folder.
        static func learned(_ spec: String) throws -> (label: String, dir: String)? {
            if spec == "griffin-lim" { return nil }
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--vocoder '\(spec)': expected griffin-lim or LABEL=DIR")
            }
            return (parts[0], parts[1])
        }

        func codecs() throws -> [(label: String, dir: String)] {
            try codec.map { spec in
                let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw ValidationError("--codec '\(spec)': expected LABEL=DIR") }
                return (parts[0], parts[1])
            }
        }

        func validate() throws {
            _ = try codecs()
            for v in vocoder {
                if let (_, dir) = try Self.learned(v), !FileManager.default.fileExists(atPath: (dir as NSString).expandingTildeInPath) {
                    throw ValidationError("--vocoder \(v): no such folder")
                }
            }
            try InputChecks.int(iterations, "--iterations", in: 1...1000)
        }

        func run() throws {
            try reportingErrors {
                let bench = try BenchmarkFolder(benchmark)
                let folder = bench.url, manifest = bench.manifest
                let wanted = only.map { Set($0.split(separator: ",").map(String.init)) }
                let entries = manifest.concepts.filter { wanted?.contains($0.concept.id) ?? true }
                if let wanted, let unknown = wanted.subtracting(manifest.concepts.map(\.concept.id)).first {
                    throw ValidationError("--only \(unknown): not a benchmark concept (\(manifest.concepts.map(\.concept.id).joined(separator: ", ")))")
                }
                let base = try BaseModel(folder: try BaseModel.locate(model))
                let recogniser = try ConceptRecogniser.load(base: base, classifier: classifier.map { URL(fileURLWithPath: $0) })
                var codecList = try codecs()
                if codecList.isEmpty { codecList = [("v1", base.folder.path)] }
                var loaded: [(String, LatentCodec)] = []
                for (label, dir) in codecList {
                    let (config, c, describe) = try CodecFolder.load(URL(fileURLWithPath: (dir as NSString).expandingTildeInPath))
                    guard config.spectrogram == base.config.spectrogram else {
                        throw ValidationError("--codec \(label)=\(dir): its spectrogram settings differ from the base model's")
                    }
                    c.freezeAll()
                    print("codec \(label): \(describe)")
                    loaded.append((label, c))
                }
                var paths: [RoundTripRecognition.Path] = []
                for v in vocoder {
                    var voc = RoundTripVocoder.griffinLim(Vocoder(griffinLim: GriffinLim(iterations: iterations)))
                    if let (label, dir) = try Self.learned(v) {
                        let (model, note) = try VocoderFolder.load(URL(fileURLWithPath: (dir as NSString).expandingTildeInPath))
                        print("vocoder \(label): \(note)")
                        let learned = Vocoder(learned: VocoderChoice.synthesis(model))
                        voc = RoundTripVocoder(label: label) { mel, analysis, length in learned.audio(fromMelPower: mel, analysis: analysis, length: length) }
                    }
                    let name = voc.label
                    paths.append(.init(label: name, codec: nil, vocoder: voc))
                    for (label, c) in loaded { paths.append(.init(label: "\(label)+\(name)", codec: c, vocoder: voc)) }
                }
                var recordings: [(concept: String, clip: AudioClip)] = []
                for e in entries {
                    let file = folder.appendingPathComponent(e.evaluation.file).path
                    guard let cls = recogniser.classFor(concept: e.concept.id) else {
                        throw ConceptRecogniser.Failure.notAClass(concept: e.concept.id, classes: recogniser.classes)
                    }
                    recordings.append((cls, try AudioFile.read(file, sampleRate: base.config.spectrogram.sampleRate).clip))
                }
                let report = RoundTripRecognition.measure(recordings, paths: paths, recogniser: recogniser) { print("  " + $0) }
                let table = report.markdown
                print(table)
                if let out { try AtomicFile.write(Data(table.utf8), to: URL(fileURLWithPath: out)) }
                if let json {
                    let enc = JSONEncoder()
                    enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                    try AtomicFile.write(try enc.encode(report), to: URL(fileURLWithPath: json))
                }
            }
        }
    }
}
