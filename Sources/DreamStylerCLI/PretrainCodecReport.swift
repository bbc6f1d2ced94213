import ArgumentParser
import Audio
import Engine
import Foundation
import Generation
import Model
import Pretraining
import Training

extension DreamStyler {
    struct PretrainCodecReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "codec-report",
            abstract: "Reconstruction per source (log-mel L1, spectral convergence) of codecs side by side.",
            discussion: """
            Each clip goes mel → latent → mel through every codec given; rows are averaged per \
            group: procedural clips per GM family of their lead instrument, each benchmark \
            concept's 1-minute evaluation recording, held-out real tracks per package. \
            Log-mel L1 is in natural-log units of mel power; SC is over mel magnitudes. \
            Also times encode and decode of 10 s of audio per codec (run it alone for fair times).

            A codec is LABEL=DIR: DIR holds config.json and codec.safetensors (a finished run or a \
            base model), or a run still in progress (its newest checkpoint is used).

            Example:
              dreamstyler pretrain codec-report --codec v1=Models/base --codec v2=$D/pretrain/codec-v2 \\
                --procedural $D/corpus/report-procedural --benchmark $D/benchmark \\
                --real $D/corpus/real/heldout --out docs/codec-v2-report.md
            """)

        @Option(help: "A codec to measure, LABEL=DIR (repeatable; default v1=Models/base).")
        var codec: [String] = []

        @Option(help: "A procedural corpus folder none of the codecs trained on (grouped by the lead's GM family).")
        var procedural: String?

        @Option(help: "Clips per GM family of the procedural corpus.")
        var perFamily = 6

        @Option(help: "Benchmark folder (dreamstyler benchmark build): each concept's eval.flac.")
        var benchmark: String?

        @Option(help: "Held-out real corpus folder (corpus/real/heldout), grouped by package.")
        var real: String?

        @Option(help: "Clips per package of the real corpus, spread evenly over its tracks.")
        var perPackage = 6

        @Option(help: "Write the tables (Markdown) here, and the rows as JSON beside it.")
        var out: String?

        func run() throws {
            try reportingErrors {
                let specs = codec.isEmpty ? ["v1=\(try BaseModel.locate(nil).path)"] : codec
                var codecs: [(label: String, codec: LatentCodec)] = []
                var configs: [ModelConfiguration] = []
                var notes: [String] = []
                for spec in specs {
                    guard let eq = spec.firstIndex(of: "=") else { throw ValidationError("--codec \(spec): write LABEL=DIR") }
                    let label = String(spec[..<eq]), dir = URL(fileURLWithPath: String(spec[spec.index(after: eq)...]))
                    let (config, c, note) = try CodecFolder.load(dir)
                    codecs.append((label, c)); configs.append(config)
                    notes.append("\(label): \(note)")
                    print("\(label): \(note)")
                }
                guard configs.allSatisfy({ $0.spectrogram == configs[0].spectrogram }) else { throw ValidationError("the codecs use different spectrogram settings") }
                let items = try reportMaterial(procedural: procedural, perFamily: perFamily, benchmark: benchmark, real: real, perPackage: perPackage)
                let report = CodecReport(codecs: codecs, spectrogram: configs[0].spectrogram)
                let rows = CodecReport.withSourceMeans(try report.run(items) { d, n in if d % 20 == 0 { print("  \(d)/\(n)") } })
                let labels = codecs.map(\.label)
                let speed = CodecSpeed.table(codecs, config: configs)
                let table = CodecReport.markdown(rows, labels: labels)
                print(speed); print(table)
                if let out {
                    let url = URL(fileURLWithPath: out)
                    let text = "Codecs: " + notes.joined(separator: "; ") + "\n\n" + speed + "\n" + table
                    try AtomicFile.write(Data(text.utf8), to: url)
                    let enc = JSONEncoder()
                    enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                    try AtomicFile.write(try enc.encode(ReportFile(labels: labels, rows: rows)),
                                         to: url.deletingPathExtension().appendingPathExtension("json"))
                    print("wrote \(url.path)")
                }
            }
        }
    }
}

/// The JSON beside the Markdown table: which codec each score column is.
private struct ReportFile: Encodable {
    var labels: [String]
    var rows: [CodecReport.Row]
}
