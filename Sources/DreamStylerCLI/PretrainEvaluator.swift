import ArgumentParser
import Engine
import Foundation
import Model
import Pretraining
import Training

extension DreamStyler {
    struct PretrainEvaluator: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evaluator",
            abstract: "Train the evaluator (\"CLAP\") contrastively on the evaluator corpus.",
            discussion: """
            An audio encoder over log-mel and a projection of MiniLM's mean-pooled caption \
            embedding, trained with InfoNCE and a learned temperature. 5 % of the clips are held \
            out; retrieval recall@1 and @5 on them (audio→text and text→audio) is reported.
            """)

        @Option(help: "Corpus folder (the evaluator corpus, benchmark concepts included).")
        var corpus: String

        @Option(name: .customLong("run"), help: "Run folder (default: $DREAMSTYLER_HOME/pretrain/evaluator).")
        var runFolder: String?

        @Option(help: "Text encoder folder (default: the one `dreamstyler setup` installs).")
        var textEncoder: String?

        @Option(parsing: .unconditional, help: "Training steps.")
        var steps = 6000

        @Option(parsing: .unconditional, help: "Pairs per batch (the contrastive loss compares each with all others).")
        var batch = 64

        @Option(parsing: .unconditional, help: "Peak learning rate.")
        var lr: Float = 5e-4

        @Option(parsing: .unconditional, help: "Checkpoint every N steps.")
        var checkpointEvery = 500

        @Option(parsing: .unconditional, help: "Seed.")
        var seed: UInt64 = 3

        @Flag(help: "Continue the run in the run folder from its newest checkpoint.")
        var resume = false

        func validate() throws {
            try InputChecks.int(steps, "--steps", in: 1...10_000_000)
            try InputChecks.int(batch, "--batch", in: 2...1024)
            try InputChecks.rate(lr, "--lr")
            try InputChecks.int(checkpointEvery, "--checkpoint-every", in: 1...10_000_000)
        }

        func run() throws {
            try reportingErrors {
                StopSignal.shared.install()
                let folder = try runFolder.map { URL(fileURLWithPath: $0) } ?? DataFolder.folder("pretrain/evaluator")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let config = ModelConfiguration()
                let index = try CorpusIndex(folder: URL(fileURLWithPath: corpus))
                let mels = try PretrainInputs.mels(index, config: config)
                let text = try PretrainInputs.text(index, encoderFolder: textEncoder.map { URL(fileURLWithPath: $0) })
                // Every 20th clip is held out for the retrieval figures.
                let heldOut = Array(stride(from: 0, to: index.clips.count, by: 20))
                let held = Set(heldOut)
                let train = (0..<index.clips.count).filter { !held.contains($0) }
                var options = EvaluatorPretraining.Options()
                options.steps = steps; options.batch = batch; options.learningRate = lr
                options.checkpointEvery = checkpointEvery; options.seed = seed
                let stage = EvaluatorPretraining(config: config, options: options)
                let (outcome, ev) = try stage.run(mels: mels, text: text, train: train, folder: folder, resume: resume) { e in
                    print(String(format: "step %6d  InfoNCE %.4f  lr %.2e  %.0f s", e.step, e.loss, e.lr, e.seconds))
                }
                guard try PretrainInputs.describe(outcome) else { return }
                let r = stage.retrieval(ev, mels: mels, text: text, clips: heldOut)
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                try AtomicFile.write(try enc.encode(r), to: folder.appendingPathComponent("retrieval.json"))
                try ev.save(to: folder.appendingPathComponent("evaluator.safetensors"))
                print(String(format: "held-out retrieval (%d pairs): audio→text R@1 %.1f%% R@5 %.1f%%, text→audio R@1 %.1f%% R@5 %.1f%%",
                             r.pairs, r.audioToTextR1 * 100, r.audioToTextR5 * 100, r.textToAudioR1 * 100, r.textToAudioR5 * 100))
            }
        }
    }
}
