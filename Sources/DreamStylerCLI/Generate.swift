import ArgumentParser
import Audio
import ConceptGrammar
import Diffusion
import Foundation
import Engine
import Generation
import Method
import Text

extension DreamStyler {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write music from text prompts with the base model.",
            discussion: """
            Each prompt is generated once per seed; every clip is written with its prompt, seed \
            and concepts in the file's metadata.

            Examples:
              dreamstyler generate "an upbeat folk tune with acoustic guitar" --seconds 10 --seed 1 --out clip.wav
              dreamstyler generate "a calm piano ballad" "a fast techno beat" --seeds 1 2 3 --out-dir clips/
            """)

        @OptionGroup var precision: PrecisionOptions

        @Argument(help: "Prompts.")
        var prompts: [String]

        @Option(parsing: .unconditional, help: "Seconds of audio per clip (1–30).")
        var seconds = 10.0

        @Option(parsing: .unconditional, help: "Sampling steps (1–1000).")
        var steps = 50

        @Option(parsing: .unconditional, help: "Classifier-free guidance scale, 0–30 (1 = none).")
        var cfg: Float = 7

        @Option(help: "Sampler: ddim, ddpm or dpm-solver++.")
        var sampler = "ddim"

        @Option(parsing: .unconditional, help: "Seed (one clip per prompt).")
        var seed: UInt64 = 1

        @Option(parsing: .upToNextOption, help: "Several seeds (one clip per prompt and seed); overrides --seed.")
        var seeds: [UInt64] = []

        @Option(help: "Output file, for one prompt and one seed (WAV or FLAC).")
        var out: String?

        @Option(help: "Output folder, for several clips.")
        var outDir: String?

        @Option(help: "Vocoder: auto (the base model's learned vocoder when it has one), learned or griffin-lim.")
        var vocoder = "auto"

        @Option(help: "Base model folder (default: Models/base).")
        var model: String?

        @Option(help: "Text encoder folder (default: the one `dreamstyler setup` installs).")
        var textEncoder: String?

        @Option(help: "Concept delta files to load (default: the newest learned delta of each <concept> named).")
        var delta: [String] = []

        func validate() throws {
            try InputChecks.real(seconds, "--seconds", in: 1...30)
            try InputChecks.int(steps, "--steps", in: 1...1000)
            try InputChecks.real(cfg, "--cfg", in: 0...30)
            guard !prompts.isEmpty else { throw ValidationError("give at least one prompt") }
            if let out { try InputChecks.audioOutput(out, "--out") }
            guard VocoderChoice(rawValue: vocoder) != nil else { throw ValidationError("unknown vocoder '\(vocoder)' (auto, learned, griffin-lim)") }
            guard SamplerKind(rawValue: sampler) != nil else { throw ValidationError("unknown sampler '\(sampler)' (ddim, ddpm, dpm-solver++)") }
            let count = prompts.count * max(1, seeds.count)
            if count > 1 && out != nil { throw ValidationError("--out names one file; use --out-dir for \(count) clips") }
            if out == nil && outDir == nil { throw ValidationError("say where to write: --out FILE or --out-dir DIR") }
        }

        func run() throws {
            precision.apply()
            try reportingErrors {
                let base = try BaseModel(folder: try BaseModel.locate(model))
                let encoder = try TextEncoder(folder: textEncoder.map { URL(fileURLWithPath: $0) } ?? TextEncoderFolder.defaultFolder)
                let concepts = try loadConcepts(base: base, text: encoder)
                let generator = Generator(base: base, text: encoder)
                let choice = VocoderChoice(rawValue: vocoder)!
                generator.vocoder = try choice.resolve(base.vocoder, folder: base.folder)
                if choice == .automatic, let note = VocoderChoice.fallbackNote(base) { FileHandle.standardError.write(Data((note + "\n").utf8)) }
                if let outDir { try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true) }
                var settings = GenerationSettings()
                settings.seconds = seconds; settings.steps = steps; settings.guidance = cfg
                settings.sampler = SamplerKind(rawValue: sampler)!
                for (p, prompt) in prompts.enumerated() {
                    for s in seeds.isEmpty ? [seed] : seeds {
                        settings.seed = s
                        let start = Date()
                        let clip = try generator.generate(prompt, settings) { step in
                            FileHandle.standardError.write(Data("\r  step \(step.index + 1)/\(step.total)".utf8))
                            return true
                        }
                        FileHandle.standardError.write(Data("\r".utf8))
                        let path = out ?? URL(fileURLWithPath: outDir!).appendingPathComponent(String(format: "%02d-%@-seed%d.wav", p + 1, slug(prompt), s)).path
                        let named = PromptReferences.names(in: prompt).filter(concepts.contains)
                        try AudioFile.write(clip, to: path, metadata: .generated(prompt: prompt, seed: s, concepts: named))
                        print(String(format: "%@  (%.1f s in %.1f s)  \"%@\" seed %d", path, clip.duration, Date().timeIntervalSince(start), prompt, s))
                    }
                }
            }
        }

        /// Applies the deltas the prompts need; returns the concepts now known.
        func loadConcepts(base: BaseModel, text: TextEncoder) throws -> Set<String> {
            let (covered, files) = try ConceptStore.apply(prompts.flatMap(PromptReferences.names(in:)), files: delta.map { URL(fileURLWithPath: $0) },
                                                          to: base, text: text)
            if files.count > 1 {
                FileHandle.standardError.write(Data("dreamstyler: note: these concepts were not learned jointly; composing \(files.count) deltas is experimental\n".utf8))
            }
            return covered
        }

        func slug(_ s: String) -> String {
            let words = s.lowercased().split { !$0.isLetter && !$0.isNumber }.prefix(6)
            return words.joined(separator: "-")
        }
    }
}
