import ArgumentParser
import Corpus
import Foundation

extension DreamStyler {
    struct BenchmarkBuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Render the 20 benchmark concepts' training and evaluation recordings.",
            discussion: """
            For each concept — instruments: sitar, koto, kalimba, bagpipe, shanai, fiddle, \
            shakuhachi, steel drums, banjo, ocarina; genres: bossa nova, reggae, waltz, swing, \
            techno, flamenco rumba, polka, march, dub, gospel — writes OUT/ID/train.flac (a \
            continuous 2-minute recording), OUT/ID/eval.flac (1 minute, other seeds) and their \
            MIDI, then OUT/manifest.json with every piece's attributes and the 20 prompts. An \
            instrument plays the lead in pieces of varied corpus styles; a genre is played by \
            varied corpus instruments. Recordings already present are kept, so a stopped build \
            resumes; delete a concept's folder to render it again.

            Example:
              dreamstyler benchmark build --out benchmark
              dreamstyler benchmark build --out /tmp/b --only sitar,reggae
            """)

        @Option(help: "Output folder.")
        var out: String

        @Option(parsing: .unconditional, help: "Benchmark seed.")
        var seed: UInt64 = 2024

        @Option(help: "General MIDI soundfont (.sf2).")
        var soundfont: String = Renderer.defaultSoundFont

        @Option(help: "Build only these concepts (comma-separated identifiers, e.g. sitar,bossa_nova).")
        var only: String?

        @Option(parsing: .unconditional, help: "Parallel rendering workers.")
        var workers = 2

        func validate() throws {
            guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
            guard FileManager.default.fileExists(atPath: soundfont) else {
                throw ValidationError("\(soundfont): no such soundfont; install fluid-soundfont-gm (Scripts/setup) or pass --soundfont PATH")
            }
            if let ids = selection {
                let known = Set(HoldOut.concepts.map(\.id))
                if let bad = ids.first(where: { !known.contains($0) }) {
                    throw ValidationError("unknown concept '\(bad)'; known: \(HoldOut.concepts.map(\.id).joined(separator: ", "))")
                }
            }
        }

        private var selection: Set<String>? {
            only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }) }
        }

        func run() throws {
            try reportingErrors {
                var builder = BenchmarkBuilder(folder: URL(fileURLWithPath: out), seed: seed, soundFont: soundfont, workers: workers)
                builder.only = selection
                let start = Date()
                let manifest = try builder.build { line in print("  \(line)") }
                let seconds = manifest.concepts.reduce(0) { $0 + $1.train.seconds + $1.evaluation.seconds }
                print(String(format: "done: %d concepts, %.0f s of audio in %.1f s; manifest at %@/manifest.json",
                             manifest.concepts.count, seconds, Date().timeIntervalSince(start), out))
            }
        }
    }
}
