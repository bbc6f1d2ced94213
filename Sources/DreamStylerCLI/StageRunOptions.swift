import ArgumentParser
import Foundation
import Pretraining
import Training

/// A stage the command line can train: its options' defaults and its run folder's name.
protocol NamedStage: StageOptions {
    static var runName: String { get }
}

extension CodecPretraining.Options: NamedStage { static var runName: String { "codec" } }
extension DenoiserPretraining.Options: NamedStage { static var runName: String { "denoiser" } }
extension VocoderPretraining.Options: NamedStage { static var runName: String { "vocoder" } }
extension EvaluatorPretraining.Options: NamedStage { static var runName: String { "evaluator" } }

/// The options of a pretraining run, the same for every stage: where it lives, how long
/// it runs, how it steps. Defaults are the stage's own (`Stage()`).
struct StageRunOptions<Stage: NamedStage>: ParsableArguments {
    @Option(name: .customLong("run"), help: "Run folder (default: $DREAMSTYLER_HOME/pretrain/\(Stage.runName)).")
    var runFolder: String?

    @Option(parsing: .unconditional, help: "Training steps; a resumed run given another number anneals from where it is to the new end.")
    var steps = Stage().steps

    @Option(parsing: .unconditional, help: "Examples per batch.")
    var batch = Stage().batch

    @Option(parsing: .unconditional, help: "Peak learning rate (warm-up, then cosine decay).")
    var lr = Stage().learningRate

    @Option(parsing: .unconditional, help: "Checkpoint every N steps.")
    var checkpointEvery = Stage().checkpointEvery

    @Option(parsing: .unconditional, help: "Seed of everything random in the run (initialisation, crops, noise).")
    var seed = Stage().seed

    @Flag(help: "Continue the run in the run folder from its newest checkpoint.")
    var resume = false

    func validate() throws {
        try InputChecks.int(steps, "--steps", in: 1...10_000_000)
        try InputChecks.int(batch, "--batch", in: 1...1024)
        try InputChecks.rate(lr, "--lr")
        try InputChecks.int(checkpointEvery, "--checkpoint-every", in: 1...10_000_000)
    }

    /// The stage's options with what the command line set.
    var options: Stage {
        var o = Stage()
        o.steps = steps; o.batch = batch; o.learningRate = lr; o.checkpointEvery = checkpointEvery; o.seed = seed
        return o
    }

    /// The run folder, not yet made: a run refused for its inputs leaves nothing behind (`make`).
    func folder() throws -> URL {
        try runFolder.map { URL(fileURLWithPath: $0) } ?? DataFolder.inside("pretrain/\(Stage.runName)")
    }

    /// Makes the run folder, once every input has been checked.
    func make(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
}

/// `--corpus DIR[:WEIGHT]`, repeatable, for the stages that draw from several corpora.
struct CorpusMixOptions: ParsableArguments {
    @Option(help: "Corpus folder, optionally with a sampling weight: DIR[:WEIGHT] (repeatable).")
    var corpus: [String]

    func validate() throws {
        guard !corpus.isEmpty else { throw ValidationError("give at least one --corpus DIR[:WEIGHT]") }
        for c in corpus {
            do { _ = try CorpusSource.parse(c) } catch let e as CorpusSource.Failure { throw ValidationError(e.description) }
        }
    }

    /// The corpora, each checked to exist.
    func sources() throws -> [CorpusSource] { try corpus.map(CorpusSource.resolve) }
}
