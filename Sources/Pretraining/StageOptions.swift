/// What every pretraining stage's options have, with the stage's defaults in its own
/// `init()`: the command line's one option group overrides them and no more.
public protocol StageOptions {
    init()
    var steps: Int { get set }
    var batch: Int { get set }
    var learningRate: Float { get set }
    var checkpointEvery: Int { get set }
    var seed: UInt64 { get set }
}

extension CodecPretraining.Options: StageOptions {}
extension DenoiserPretraining.Options: StageOptions {}
extension VocoderPretraining.Options: StageOptions {}
extension EvaluatorPretraining.Options: StageOptions {}
