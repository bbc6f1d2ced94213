import Audio
import Engine
import Foundation
import Model
import Training

/// The learned vocoder's pretraining: waveform crops → their normalised log-mel (the
/// vocoder's input, computed by the same analysis the codec sees) → the vocoder →
/// `VocoderLoss` against the crop. Resumable through `TrainingLoop`, like the codec.
public struct VocoderPretraining {
    public struct Options: Codable, Sendable {
        public var steps = 100_000
        public var batch = 16
        /// Crop length in samples; a multiple of the hop (16 384 = 1.02 s, 64 hops).
        public var samples = 16_384
        public var learningRate: Float = 5e-4
        public var checkpointEvery = 500
        public var seed: UInt64 = 1
        public var melWeight: Float = 1
        public var stftWeight: Float = 1
        public var logEvery = 10
        public init() {}
    }

    public var config: VocoderConfiguration
    public var options: Options

    public init(config: VocoderConfiguration, options: Options) {
        self.config = config
        self.options = options
    }

    /// One log line's extra figures: the parts of the last step's loss.
    public struct Progress: Sendable {
        public var entry: LossLog.Entry
        public var parts: VocoderLoss.Parts
    }

    /// Trains a vocoder from `start`'s weights when given (fine-tuning; a resumed run takes its
    /// checkpoint's). With a `codec`, the vocoder hears each crop's mel after the codec's round
    /// trip, as it hears generated music, instead of the clean analysis.
    public func run(audio: WeightedAudio, folder: URL, resume: Bool, stop: StopSignal = .shared, start: MelVocoder? = nil,
                    codec: LatentCodec? = nil, onLog: (Progress) -> Void = { _ in }) throws -> (TrainingLoop.Outcome, MelVocoder) {
        precondition(options.samples % config.spectrogram.hop == 0, "crop length must be a multiple of the hop")
        if let codec {
            precondition((options.samples / config.spectrogram.hop + 1) % codec.frameMultiple == 0,
                         "with a codec, the crop's frame count (samples / hop + 1) must be a multiple of \(codec.frameMultiple)")
        }
        let vocoder = MelVocoder(config, seed: options.seed)
        if let start {
            precondition(start.config == config, "a vocoder is fine-tuned with its own shapes")
            let from = Dictionary(uniqueKeysWithValues: start.namedParameters().map { ($0.name, $0.parameter.value) })
            for (name, p) in vocoder.namedParameters() { p.value.assign(from[name]!) }
        }
        // The shapes go beside the checkpoints from the start, so a run in progress can be
        // reported on (vocoder-report) and a resume can check them.
        try AtomicFile.write(try config.encoded(), to: folder.appendingPathComponent(MelVocoder.configFile))
        let opt = AdamW(groups: [.init("vocoder", learningRate: options.learningRate, weightDecay: 0.01, parameters: vocoder.namedParameters())],
                        beta1: 0.8, beta2: 0.99)
        var loopOptions = TrainingLoop.Options(steps: options.steps, checkpointEvery: options.checkpointEvery,
                                               schedule: LearningRateSchedule(peak: options.learningRate, warmupSteps: min(500, options.steps / 10),
                                                                              totalSteps: options.steps),
                                               seed: options.seed)
        loopOptions.logEvery = options.logEvery
        let loop = try TrainingLoop(module: vocoder, optimizer: opt, ema: nil, options: loopOptions, folder: folder, resume: resume)
        var loss = VocoderLoss(spectrogram: config.spectrogram)
        loss.melWeight = options.melWeight
        loss.stftWeight = options.stftWeight
        var last = VocoderLoss.Parts(melL1: 0, multiResolution: 0, spectralConvergence: 0)
        let outcome = try loop.run(stop: stop, { _, rng in
            let target = audio.randomCrops(options.batch, samples: options.samples, rng: &rng)
            let mel = loss.normalizedMel(target)
            let prediction = vocoder(codec.map { c in noGrad { c.decode(c.encode(mel)) } } ?? mel)
            let (total, parts) = loss(prediction, target)
            total.backward()
            last = parts
            return total.item()
        }, onLog: { e in onLog(Progress(entry: e, parts: last)) })
        try loop.log.plot(to: folder.appendingPathComponent("loss.png"))
        return (outcome, vocoder)
    }
}

/// A vocoder on disk: a finished run or a base-model folder (vocoder.json +
/// vocoder.safetensors), or a run still training (vocoder.json + its newest checkpoint).
public enum VocoderFolder {
    public static func load(_ dir: URL) throws -> (MelVocoder, String) {
        if MelVocoder.isPresent(in: dir) {
            let v = try MelVocoder.load(folder: dir)
            return (v, "\(dir.lastPathComponent)/\(MelVocoder.weightsFile), \(describe(v))")
        }
        let cfgURL = dir.appendingPathComponent(MelVocoder.configFile)
        guard FileManager.default.fileExists(atPath: cfgURL.path) else {
            throw EngineError.io(path: dir.path, reason: "no learned vocoder here (\(MelVocoder.configFile) + \(MelVocoder.weightsFile), or a vocoder run's checkpoints)")
        }
        let v = MelVocoder(try VocoderConfiguration.load(cfgURL))
        guard let latest = TrainingCheckpoint(folder: dir.appendingPathComponent("checkpoints")).latest else {
            throw EngineError.io(path: dir.path, reason: "neither \(MelVocoder.weightsFile) nor a checkpoint")
        }
        try v.load(from: latest.appendingPathComponent("model.safetensors"))
        v.freezeAll()
        return (v, "checkpoint \(latest.lastPathComponent) (training), \(describe(v))")
    }

    static func describe(_ v: MelVocoder) -> String {
        "\(v.config.blocks) blocks × \(v.config.channels) channels, \(v.parameterCount) parameters"
    }
}
