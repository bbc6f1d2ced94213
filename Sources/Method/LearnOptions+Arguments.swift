/// The flags of `dreamstyler learn` that give these settings back, for a learn the studio continues
/// in a process of its own: every setting a flag reaches is passed, so `--resume` finds the same
/// settings the learn started with (a `--resume` with other settings is refused).
extension LearnOptions {
    public var arguments: [String] {
        var a = ["--method", method.rawValue, "--pivotal", String(pivotalPercent), "--pivotal-genre", String(genrePivotalPercent), "--selection", selection.rawValue,
                 "--mask-scope", maskScope.rawValue, "--mask-epochs", String(maskEpochs), "--steps", String(steps),
                 "--batch", String(batch), "--lr-unet", String(learningRateUNet), "--lr-tokens", String(learningRateTokens),
                 "--seed", String(seed), augmentEffects ? "--augment-effects" : "--no-augment-effects",
                 "--training-prompts", prompts.rawValue, "--prior-share", String(priorShare), "--prior-clips", String(priorClips),
                 "--together-share", String(togetherShare)]
        if let tokens { a += ["--tokens", String(tokens)] }
        return a
    }
}
