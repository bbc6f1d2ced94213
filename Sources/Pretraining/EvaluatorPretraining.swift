import Engine
import Foundation
import Model
import SpectrogramSettings
import Training

/// Stage 3 of pretraining: the evaluator, contrastive (InfoNCE) on (mel crop,
/// caption) pairs of the broader evaluator corpus, and its retrieval accuracy.
public struct EvaluatorPretraining {
    public struct Options: Codable, Sendable {
        public var steps = 6000
        public var batch = 64
        public var frames = 256
        public var learningRate: Float = 5e-4
        public var checkpointEvery = 500
        public var seed: UInt64 = 3
        public init() {}
    }

    /// Recall@1 and @5 both ways, on held-out pairs.
    public struct Retrieval: Codable, Sendable, Equatable {
        public var pairs: Int
        public var audioToTextR1: Double
        public var audioToTextR5: Double
        public var textToAudioR1: Double
        public var textToAudioR5: Double
    }

    public var config: ModelConfiguration
    public var options: Options

    public init(config: ModelConfiguration, options: Options) {
        self.config = config
        self.options = options
    }

    public var silence: Float { config.spectrogram.normalizedSilence }

    /// Trains on the clips in `train` (indices into the caches).
    public func run(mels: MelCache, text: TextFeatures, train: [Int], folder: URL, resume: Bool,
                    onLog: (LossLog.Entry) -> Void = { _ in }) throws -> (TrainingLoop.Outcome, Evaluator) {
        let ev = Evaluator(config, seed: options.seed)
        let opt = AdamW(groups: [.init("evaluator", learningRate: options.learningRate, weightDecay: 0.05, parameters: ev.namedParameters())],
                        beta1: 0.9, beta2: 0.98)
        var loopOptions = TrainingLoop.Options(steps: options.steps, checkpointEvery: options.checkpointEvery,
                                               schedule: LearningRateSchedule(peak: options.learningRate, warmupSteps: 200, totalSteps: options.steps),
                                               seed: options.seed)
        loopOptions.logEvery = 20
        let loop = try TrainingLoop(module: ev, optimizer: opt, ema: nil, options: loopOptions, folder: folder, resume: resume)
        let subset = mels.subset(train)
        let outcome = try loop.run({ _, rng in
            let (x, picks) = subset.randomCrops(options.batch, frames: options.frames, rng: &rng, silence: silence)
            let rows = picks.map { train[$0] }
            let pooled = Tensor(uninitializedShape: [rows.count, text.pooled.shape[1]])
            let h = text.pooled.shape[1]
            for (b, r) in rows.enumerated() { (pooled.data + b * h).update(from: text.pooled.data + r * h, count: h) }
            let loss = ev.contrastiveLoss(audio: ev.embedAudio(x), text: ev.embedText(pooled))
            loss.backward()
            return loss.item()
        }, onLog: onLog)
        ev.clampScale()
        try loop.log.plot(to: folder.appendingPathComponent("loss.png"))
        return (outcome, ev)
    }

    /// Retrieval among `clips` (each its central crop against its own caption).
    public func retrieval(_ ev: Evaluator, mels: MelCache, text: TextFeatures, clips: [Int]) -> Retrieval {
        let h = text.pooled.shape[1]
        var audio: [Tensor] = [], captions: [Tensor] = []
        noGrad {
            for chunk in stride(from: 0, to: clips.count, by: 32).map({ Array(clips[$0..<min(clips.count, $0 + 32)]) }) {
                let x = Tensor.full([chunk.count, options.frames, mels.frames.shape[1]], silence)
                let pooled = Tensor(uninitializedShape: [chunk.count, h])
                for (b, c) in chunk.enumerated() {
                    let len = mels.length(c), take = min(len, options.frames), start = (len - take) / 2
                    (x.data + b * options.frames * x.shape[2]).update(from: mels.frames.data + (mels.offsets[c] + start) * x.shape[2], count: take * x.shape[2])
                    (pooled.data + b * h).update(from: text.pooled.data + c * h, count: h)
                }
                audio.append(ev.embedAudio(x))
                captions.append(ev.embedText(pooled))
            }
        }
        let a = Tensor.concat(audio, axis: 0), t = Tensor.concat(captions, axis: 0)
        let sims = noGrad { Tensor.matmul(a, t, transposeB: true) }
        let n = clips.count
        func recall(_ k: Int, transpose: Bool) -> Double {
            var hits = 0
            for i in 0..<n {
                let row = (0..<n).map { transpose ? sims[$0, i] : sims[i, $0] }
                let rank = row.filter { $0 > row[i] }.count
                if rank < k { hits += 1 }
            }
            return Double(hits) / Double(n)
        }
        return Retrieval(pairs: n, audioToTextR1: recall(1, transpose: false), audioToTextR5: recall(5, transpose: false),
                         textToAudioR1: recall(1, transpose: true), textToAudioR5: recall(5, transpose: true))
    }
}
