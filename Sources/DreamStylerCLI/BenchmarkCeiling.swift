import ArgumentParser
import Audio
import Benchmark
import Corpus
import Evaluation
import Foundation
import Generation
import Method
import Model
import Text
import Training

extension DreamStyler {
    struct BenchmarkCeiling: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ceiling",
            abstract: "What any method that adds a concept to the base model's music could score: Recognised and Text Alignment of mixes.",
            discussion: """
            The base model makes its clips of the benchmark prompts (no concept, as Table 1's base row: \
            seeds 1…K, 10 s, DDIM 50, guidance 7); each clip is mixed with a 10-s segment of a \
            concept's evaluation recording, both at the same loudness, the concept at each level of \
            --levels (dB relative to the music, or "alone": the segment without the music). Each mix \
            is scored as a learned concept's clip is: Text Alignment against the bare prompt, and \
            whether the concept classifier's top class is the concept. No learn: it measures what the \
            evaluator and the classifier allow on these prompts, whatever method makes the clips.

            Example:
              dreamstyler benchmark ceiling --prompts 10 --levels=-6,0,6,12,alone
            """)

        @Option(help: "A built benchmark folder (default: the data folder's benchmark).")
        var benchmark: String?

        @Option(help: "Concepts (benchmark identifiers; default: all of the benchmark's).")
        var concepts: CommaList<String>?

        @Option(help: "The concept's levels relative to the music, in dB (-40–40), or \"alone\"; negative values as --levels=-6,0.")
        var levels = CommaList(["-12", "-6", "0", "6", "12", "alone"])

        @Option(parsing: .unconditional, help: "Use the first N of the benchmark's prompts.")
        var prompts = 10

        @Option(parsing: .unconditional, help: "Clips per prompt (seeds 1…K, 1–32).")
        var clips = 2

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var precision: PrecisionOptions

        func validate() throws {
            try InputChecks.int(prompts, "--prompts", in: 1...10_000)
            try InputChecks.int(clips, "--clips", in: 1...32)
            for l in levels.items where MixCeiling.Level(l) == nil {
                throw ValidationError("--levels: '\(l)' is neither a level in dB (-40–40) nor \"alone\"")
            }
        }

        func run() throws {
            try reportingErrors {
                let folder = try BenchmarkFolder(benchmark)
                let manifest = folder.manifest
                let names = concepts?.items ?? manifest.concepts.map(\.concept.id)
                let available = try folder.entries(checking: names)
                let levels = self.levels.items.compactMap(MixCeiling.Level.init)
                precision.apply()
                let base = try BaseModel(folder: try workspace.baseFolder())
                let text = try TextEncoder(folder: workspace.textFolder)
                guard let evaluator = base.evaluator else { throw ValidationError("the base model has no evaluator") }
                let ceiling = MixCeiling(scorer: AlignmentScorer(evaluator: evaluator, text: text, config: base.config),
                                         recogniser: try ConceptRecogniser.load(base: base))
                let classes = try names.map { n -> String in
                    guard let c = ceiling.recogniser.classFor(concept: n) else { throw ValidationError("\(n): not a class of the concept classifier") }
                    return c
                }
                let list = Array(manifest.prompts.prefix(prompts))
                let generator = Generator(base: base, text: text)
                let music = try list.map { p in
                    try (1...clips).map { seed -> AudioClip in
                        var s = GenerationSettings()
                        s.seed = UInt64(seed)
                        return try generator.generate(p, s).normalized(.rms(-20))
                    }
                }
                let embeddings = try list.map { try ceiling.scorer.embed(text: $0) }
                print(String(format: "base model (no concept): Text Alignment %.1f; %d prompts × %d clips per cell (Recognised, Text Alignment)",
                             ceiling.textAlignment(music: music, prompts: embeddings), list.count, clips))
                print("| concept | " + levels.map(\.description).joined(separator: " | ") + " |")
                print("|---|" + String(repeating: "---:|", count: levels.count))
                var totals = [(heard: Int, clips: Int, ta: Double)](repeating: (0, 0, 0), count: levels.count)
                for (name, cls) in zip(names, classes) {
                    let file = folder.path(available[name]!.evaluation.file)
                    let recording = try AudioFile.read(file, sampleRate: base.config.spectrogram.sampleRate, normalization: .rms(-20)).clip.samples
                    let cells = levels.map { ceiling.score(music: music, prompts: embeddings, recording: recording, className: cls, level: $0) }
                    for (i, c) in cells.enumerated() { totals[i] = (totals[i].heard + c.heard, totals[i].clips + c.clips, totals[i].ta + c.textAlignment) }
                    print("| \(name) | " + cells.map { String(format: "%d/%d, %.1f", $0.heard, $0.clips, $0.textAlignment) }.joined(separator: " | ") + " |")
                }
                print("| **all** | " + totals.map { String(format: "%.0f %%, %.1f", 100 * Double($0.heard) / Double(max($0.clips, 1)), $0.ta / Double(names.count)) }
                    .joined(separator: " | ") + " |")
            }
        }
    }
}
