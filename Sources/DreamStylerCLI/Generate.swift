import ArgumentParser
import Audio
import Foundation
import Generation
import Library
import Workspace

extension DreamStyler {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write music from text prompts with the base model.",
            discussion: """
            Each prompt is generated once per seed; every clip is written with its prompt, seed \
            and concepts in the file's metadata and recorded in the library, where the studio's \
            Audition lists it.

            Examples:
              dreamstyler generate "an upbeat folk tune with acoustic guitar" --seconds 10 --seed 1 --out clip.wav
              dreamstyler generate "a calm piano ballad" "a fast techno beat" --seeds 1 2 3 --out-dir clips/
            """)

        @OptionGroup var precision: PrecisionOptions
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var generation: GenerationOptions

        @Argument(help: "Prompts.")
        var prompts: [String]

        @Option(parsing: .unconditional, help: "Seed (one clip per prompt), default \(GenerationOptions.defaults.seed).")
        var seed: UInt64?

        @Option(parsing: .upToNextOption, help: "Several seeds (one clip per prompt and seed); overrides --seed.")
        var seeds: [UInt64] = []

        @Option(help: "Output file, for one prompt and one seed (WAV or FLAC).")
        var out: String?

        @Option(help: "Output folder, for several clips.")
        var outDir: String?

        @Option(help: "Vocoder: auto is the base model's learned vocoder when it has one, else Griffin-Lim.")
        var vocoder = VocoderChoice.automatic

        @Option(help: "Concept delta files to load (default: the newest learned delta of each <concept> named).")
        var delta: [String] = []

        func validate() throws {
            guard !prompts.isEmpty else { throw ValidationError("give at least one prompt") }
            if let out { try InputChecks.audioOutput(out, "--out") }
            let count = prompts.count * max(1, seeds.count)
            if count > 1 && out != nil { throw ValidationError("--out names one file; use --out-dir for \(count) clips") }
            if out == nil && outDir == nil { throw ValidationError("say where to write: --out FILE or --out-dir DIR") }
        }

        func run() throws {
            precision.apply()
            try reportingErrors {
                var settings = generation.settings
                if let seed { settings.seed = seed }
                let destination: ClipDestination = out.map { .file(URL(fileURLWithPath: $0)) } ?? .folder(URL(fileURLWithPath: outDir!))
                // An error after the progress counter starts at the line's start, over the counter.
                var counting = false
                defer { if counting { FileHandle.standardError.write(Data("\r".utf8)) } }
                try workspace.workspace().generate(prompts, settings: settings, seeds: seeds, deltas: delta.map { URL(fileURLWithPath: $0) }, strength: generation.strength,
                                                   vocoder: vocoder, to: destination) { event in
                    switch event {
                    // A note is not an error: on stdout, so a failure stays one line on stderr.
                    case .note(let line): print(line)
                    case .composing(let n): printError("note: these concepts were not learned jointly; composing \(n) deltas is experimental")
                    case .step(let index, let total):
                        counting = true
                        FileHandle.standardError.write(Data("\r  step \(index + 1)/\(total)".utf8))
                    case .clip(let c):
                        counting = false
                        FileHandle.standardError.write(Data("\r".utf8))
                        print(String(format: "%@  (%.1f s in %.1f s)  \"%@\" seed %llu", c.record.path, c.audio.duration, c.elapsed, c.record.prompt,
                                     UInt64(bitPattern: c.record.seed)))
                    }
                    return true
                }
            }
        }
    }
}
