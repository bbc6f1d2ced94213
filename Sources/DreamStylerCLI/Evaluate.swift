import ArgumentParser
import Audio
import Foundation
import Generation
import Method
import Workspace

extension DreamStyler {
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score learned concepts with the paper's protocol: Audio, Text and ΔAudio Alignment (×100).",
            discussion: """
            For each prompt, K clips are generated with the concepts named; Audio Alignment is the \
            evaluator's cosine between them and each concept's evaluation audio (--eval), Text \
            Alignment the cosine between their mean and the prompt without identifiers. With several \
            concepts, ΔAudio Alignment is the spread of their Audio Alignments (lower is better). \
            A concept without --eval is compared with its stored references (its training audio), \
            as the studio's quick evaluation does. Scores are stored in the library with the \
            concepts' learned run.

            Example:
              dreamstyler evaluate koto --prompts benchmark/manifest.json --eval koto=benchmark/koto-eval.flac --clips 2
            """)

        @Argument(help: "Concepts to name together in every prompt.")
        var concepts: [String]

        @Option(help: "Prompts: a text file (one per line) or a benchmark manifest.json.")
        var prompts: String

        @Option(help: "NAME=FILE: a concept's evaluation audio (repeatable).")
        var eval: [String] = []

        @Option(parsing: .unconditional, help: "Clips per prompt (1–32).")
        var clips = EvaluationRequest.defaultClipsPerPrompt

        @OptionGroup var generation: GenerationOptions

        @Option(help: "Also write the clips here.")
        var outDir: String?

        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var precision: PrecisionOptions

        @Option(help: "Use the concepts' runs learned with this method (default: the newest learned run).")
        var method: TuningMethod?

        @Flag(help: "Require the concept classifier to hear every clip (P(concept) and the top class per clip; share recognised and mean P(concept) per concept), failing where it cannot. Without it, clips are classified whenever the base model's classifier knows every concept.")
        var recognise = false

        @Option(help: "NAME=CLASS: the classifier class of a concept whose name is not a class (repeatable; with --recognise).")
        var recogniseAs: [String] = []

        @Option(help: "Folder of another classifier (classifier.json + classifier.safetensors; with --recognise).")
        var classifier: String?

        /// Evaluation audio shorter than this is refused: the evaluator embeds 4-s windows.
        static let minimumEvalSeconds = 4.0

        func validate() throws {
            try InputChecks.int(clips, "--clips", in: 1...32)
            _ = try loadPrompts()
            _ = try recogniseMap()
            if !recognise && (!recogniseAs.isEmpty || classifier != nil) {
                throw ValidationError("--recognise-as and --classifier only apply with --recognise")
            }
        }

        /// --recognise-as as concept → class.
        func recogniseMap() throws -> [String: String] {
            var out: [String: String] = [:]
            for e in recogniseAs {
                let parts = e.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, concepts.contains(parts[0]), !parts[1].isEmpty else {
                    throw ValidationError("--recognise-as '\(e)': expected NAME=CLASS for one of \(concepts)")
                }
                out[parts[0]] = parts[1]
            }
            return out
        }

        /// The prompts: a benchmark manifest's list, or the text file's non-empty lines.
        func loadPrompts() throws -> [String] {
            let text = try InputChecks.textFile(prompts, "--prompts")
            if let obj = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], let list = obj["prompts"] as? [String] {
                let kept = list.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard !kept.isEmpty else { throw ValidationError("--prompts \(prompts): the manifest lists no prompts") }
                return kept
            }
            let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !lines.isEmpty else { throw ValidationError("--prompts \(prompts): the file holds no prompts") }
            return lines
        }

        func run() throws {
            try reportingErrors {
                precision.apply()
                var request = EvaluationRequest(concepts: concepts, prompts: try loadPrompts())
                for e in eval {
                    let parts = e.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2, concepts.contains(parts[0]) else { throw ValidationError("--eval '\(e)': expected NAME=FILE for one of \(concepts)") }
                    let clip = try AudioFile.read(parts[1]).clip
                    // NaN, silent or too short audio would give a meaningless score; refused before anything runs.
                    try clip.validateAsReference(path: parts[1], minimumSeconds: Evaluate.minimumEvalSeconds)
                    request.evaluationAudio[parts[0], default: []].append(clip)
                }
                request.clipsPerPrompt = clips
                request.settings = generation.settings
                request.strength = generation.strength
                request.method = method
                request.recognition = recognise
                    ? .required(classifier: classifier.map { URL(fileURLWithPath: $0) }, recogniseAs: try recogniseMap())
                    : .whereKnown
                if let outDir { try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true) }
                var n = 0
                let report = try workspace.workspace().evaluate(request) { p, seed, clip in
                    n += 1
                    FileHandle.standardError.write(Data("\r  clip \(n)".utf8))
                    if let outDir {
                        try AudioFile.write(clip, to: "\(outDir)/\(String(format: "%03d", n))-seed\(seed).wav",
                                            metadata: .generated(prompt: p, seed: seed, concepts: concepts, strength: generation.strength,
                                                                 keepPrompt: Double(generation.settings.keepPrompt)))
                    }
                }
                FileHandle.standardError.write(Data("\n".utf8))
                let r = report.result
                for (c, v) in r.audioAlignment.sorted(by: { $0.key < $1.key }) {
                    print(String(format: "Audio Alignment <%@>  %.1f", c, v) + (report.scoredAgainstReferences.contains(c) ? "   (vs. its training references)" : ""))
                }
                print(String(format: "Text Alignment         %.1f   (%d prompts × %d clips, seeds %@)", r.textAlignment, r.prompts, r.clipsPerPrompt,
                             r.seeds.map(String.init).joined(separator: ",")))
                if let d = r.deltaAudioAlignment { print(String(format: "ΔAudio Alignment       %.1f", d)) }
                if let why = report.unclassified { print("Recognition: not classified (\(why); --recognise with --recognise-as NAME=CLASS names a class)") }
                if let heard = r.clips, let summary = r.recognition {
                    print("Recognition (concept classifier; P of each concept's class, top class of 21):")
                    for (i, c) in heard.enumerated() {
                        let ps = concepts.map { String(format: "P(%@) %.3f", summary[$0]!.className, c.probability[$0] ?? 0) }.joined(separator: "  ")
                        print(String(format: "  clip %3d  seed %d  %@  top %@ %.3f", i + 1, c.seed, ps, c.top, c.topProbability))
                    }
                    for (c, v) in summary.sorted(by: { $0.key < $1.key }) {
                        print(String(format: "Recognised <%@> as %@  %d/%d clips (%.0f %%), mean P %.3f", c, v.className, v.recognised, v.clips,
                                     100 * v.share, v.meanProbability))
                    }
                }
            }
        }
    }
}
