import ArgumentParser
import Audio
import Engine
import Evaluation
import Foundation
import Generation
import Pretraining
import Text
import Training

extension DreamStyler {
    struct PretrainReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Does the base model make music that fits its prompts? Text Alignment against real clips and chance.",
            discussion: """
            Takes N captions of the generator corpus as prompts, generates K clips for each, and \
            scores Text Alignment (×100) with the evaluator: for the generated clips; for the real \
            corpus clips those captions describe (the ceiling); and for real clips paired with \
            other clips' captions (the floor). Writes report.json beside the model.
            """)

        @Option(help: "Generator corpus folder.")
        var corpus: String

        @Option(parsing: .unconditional, help: "Number of prompts.")
        var prompts = 10

        @Option(parsing: .unconditional, help: "Clips generated per prompt.")
        var clips = 2

        @Option(parsing: .unconditional, help: "Seconds per generated clip.")
        var seconds = 8.0

        @Option(parsing: .unconditional, help: "Sampling steps (DDIM).")
        var steps = 50

        @Option(parsing: .unconditional, help: "Guidance scale.")
        var cfg: Float = 7

        @Option(help: "Base model folder (default: Models/base).")
        var model: String?

        func run() throws {
            try reportingErrors {
                let folder = try BaseModel.locate(model)
                let base = try BaseModel(folder: folder)
                guard let evaluator = base.evaluator else { throw ValidationError("the base model has no evaluator yet") }
                let encoder = try TextEncoder(folder: TextEncoderFolder.defaultFolder)
                let scorer = AlignmentScorer(evaluator: evaluator, text: encoder, config: base.config)
                let generator = Generator(base: base, text: encoder)
                let index = try CorpusIndex(folder: URL(fileURLWithPath: corpus))
                let picks = (0..<prompts).map { $0 * index.clips.count / prompts }
                var generated: [Double] = [], real: [Double] = [], floor: [Double] = []
                var realEmbeddings: [[Float]] = [], textEmbeddings: [[Float]] = []
                for (n, i) in picks.enumerated() {
                    let caption = index.clips[i].caption
                    let t = try scorer.embed(text: caption)
                    textEmbeddings.append(t)
                    realEmbeddings.append(scorer.embed(try AudioFile.read(index.clips[i].file.path).clip))
                    var settings = GenerationSettings()
                    settings.seconds = seconds; settings.steps = steps; settings.guidance = cfg
                    var embs: [[Float]] = []
                    for k in 0..<clips {
                        settings.seed = UInt64(1000 * n + k + 1)
                        embs.append(scorer.embed(try generator.generate(caption, settings)))
                    }
                    let g = scorer.textAlignment(clips: embs, prompt: t)
                    generated.append(g)
                    print(String(format: "%5.1f  %@", g, caption))
                }
                for j in 0..<picks.count {
                    real.append(scorer.textAlignment(clips: [realEmbeddings[j]], prompt: textEmbeddings[j]))
                    // Chance: each real clip against every other prompt.
                    for k in 0..<picks.count where k != j {
                        floor.append(scorer.textAlignment(clips: [realEmbeddings[j]], prompt: textEmbeddings[k]))
                    }
                }
                func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(v.count, 1)) }
                let report: [String: Double] = ["generated": mean(generated), "real": mean(real), "random_pairs": mean(floor),
                                                "prompts": Double(prompts), "clips_per_prompt": Double(clips)]
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                try AtomicFile.write(try enc.encode(report), to: folder.appendingPathComponent("report.json"))
                print(String(format: "Text Alignment ×100 — generated %.1f, real corpus clips %.1f, random pairings %.1f (%d prompts × %d clips)",
                             mean(generated), mean(real), mean(floor), prompts, clips))
            }
        }
    }
}
