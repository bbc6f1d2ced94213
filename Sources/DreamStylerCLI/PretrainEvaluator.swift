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

        @OptionGroup var training: StageRunOptions<EvaluatorPretraining.Options>

        @Option(help: "Text encoder folder (default: the one `dreamstyler setup` installs).")
        var textEncoder: String?

        func validate() throws {
            // The contrastive loss compares each pair with the others in its batch.
            try InputChecks.int(training.batch, "--batch", in: 2...1024)
        }

        func run() throws {
            try reportingErrors {
                StopSignal.shared.install()
                let folder = try training.folder()
                let config = ModelConfiguration()
                let index = try CorpusIndex(folder: URL(fileURLWithPath: corpus))
                try training.make(folder)
                let mels = try PretrainInputs.mels(index, config: config)
                let text = try PretrainInputs.text(index, encoderFolder: textEncoder.map { URL(fileURLWithPath: $0) })
                // Every 20th clip is held out for the retrieval figures.
                let heldOut = Array(stride(from: 0, to: index.clips.count, by: 20))
                let held = Set(heldOut)
                let train = (0..<index.clips.count).filter { !held.contains($0) }
                let stage = EvaluatorPretraining(config: config, options: training.options)
                let (outcome, ev) = try stage.run(mels: mels, text: text, train: train, folder: folder, resume: training.resume) { e in
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
