import ArgumentParser

extension DreamStyler {
    struct Pretrain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pretrain the base model: latent codec, then denoiser, then evaluator; and the learned vocoder.",
            discussion: """
            Each stage trains from a corpus folder (see `dreamstyler corpus build`), checkpoints \
            regularly and when stopped (Ctrl-C), and continues exactly where it was with --resume. \
            Runs live in the data folder ($DREAMSTYLER_HOME/pretrain/STAGE unless --run says otherwise), \
            with a loss log (loss.jsonl) and its picture (loss.png).
            """,
            subcommands: [PretrainCodec.self, PretrainDenoiser.self, PretrainEvaluator.self, PretrainVocoder.self, PretrainClassifier.self,
                          PretrainShip.self, PretrainReport.self, PretrainCodecReport.self, PretrainVocoderReport.self, PretrainRoundTripReport.self])
    }
}
