import ArgumentParser
import Audio
import Engine
import Foundation
import Generation
import Model
import Pretraining

extension DreamStyler {
    struct PretrainVocoderReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vocoder-report",
            abstract: "The learned vocoder against Griffin-Lim on held-out audio: distances and speed.",
            discussion: """
            Each clip (cut to --max-seconds) goes audio → normalised log-mel → vocoder → audio and is \
            compared with the original: log-mel L1 (ln units of mel power), multi-resolution STFT \
            distance (mean over n_fft 512/1024/2048 of spectral convergence + log-magnitude L1) and \
            spectral convergence alone; × real time is mel → samples only (run it alone for fair times).

            Example:
              dreamstyler pretrain vocoder-report --vocoder $D/pretrain/vocoder \\
                --procedural $D/corpus/report-procedural --benchmark $D/benchmark \\
                --real $D/corpus/real/heldout --out docs/vocoder-report.md
            """)

        @Option(help: "The learned vocoder: a run folder (finished or in progress) or a base model folder (default: the base model's).")
        var vocoder: String?

        @Option(parsing: .unconditional, help: "Griffin-Lim iterations.")
        var iterations = 32

        @Option(help: "A procedural corpus folder the vocoder did not train on.")
        var procedural: String?

        @Option(parsing: .unconditional, help: "Clips per GM family of the procedural corpus.")
        var perFamily = 2

        @Option(help: "Benchmark folder (dreamstyler benchmark build): each concept's eval.flac.")
        var benchmark: String?

        @Option(help: "Held-out real corpus folder (corpus/real/heldout).")
        var real: String?

        @Option(parsing: .unconditional, help: "Clips per package of the real corpus.")
        var perPackage = 3

        @Option(parsing: .unconditional, help: "Seconds of each clip to use (1–600).")
        var maxSeconds = 20.0

        @Option(help: "Write the table (Markdown) here, and the rows as JSON beside it.")
        var out: String?

        func validate() throws {
            try InputChecks.int(iterations, "--iterations", in: 1...1000)
            try InputChecks.real(maxSeconds, "--max-seconds", in: 1...600)
            try InputChecks.int(perFamily, "--per-family", in: 1...1000)
            try InputChecks.int(perPackage, "--per-package", in: 1...1000)
        }

        func run() throws {
            try reportingErrors {
                let dir = try vocoder.map { URL(fileURLWithPath: $0) } ?? BaseModel.locate(nil)
                let (learned, note) = try VocoderFolder.load(dir)
                print("learned: \(note)")
                let items = try reportMaterial(procedural: procedural, perFamily: perFamily, benchmark: benchmark, real: real, perPackage: perPackage)
                let vocoders: [(label: String, vocoder: Vocoder)] = [
                    ("learned", Vocoder(learned: VocoderChoice.synthesis(learned))),
                    ("Griffin-Lim", Vocoder(griffinLim: GriffinLim(iterations: iterations))),
                ]
                var report = VocoderReport(vocoders: vocoders, spectrogram: learned.config.spectrogram)
                report.maxSeconds = maxSeconds
                let rows = try report.run(items) { d, n in if d % 10 == 0 { print("  \(d)/\(n)") } }
                let table = VocoderReport.markdown(rows, labels: vocoders.map(\.label))
                print(table)
                if let out {
                    let url = URL(fileURLWithPath: out)
                    let text = "Learned: \(note); Griffin-Lim: \(iterations) iterations, momentum 0.99.\n\n" + table
                    try AtomicFile.write(Data(text.utf8), to: url)
                    let enc = JSONEncoder()
                    enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                    try AtomicFile.write(try enc.encode(rows), to: url.deletingPathExtension().appendingPathExtension("json"))
                    print("wrote \(url.path)")
                }
            }
        }
    }
}
