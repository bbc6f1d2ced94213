/// Named starting points for a learn's settings; each flag of `dreamstyler learn` then
/// overrides one setting.
public enum LearnPreset: String, Codable, Sendable, CaseIterable {
    /// Calibrated on base v2 for concepts a listener (and the concept classifier) recognises,
    /// within the 4-minute learn budget (docs/learning-recipe.md): the product's default.
    case recommended
    /// The paper's §5.2 settings exactly (lr 1e-5 on P = 5 % of self-attention V, 1,500 steps of 32).
    case paper

    public var options: LearnOptions {
        switch self {
        case .recommended: return LearnOptions()
        case .paper: return .paper
        }
    }
}

extension LearnOptions {
    /// The paper's settings (§5.2), as the first version's defaults were.
    public static var paper: LearnOptions {
        var o = LearnOptions()
        o.method = .dreamstyler
        o.tokens = nil
        o.pivotalPercent = 5
        o.genrePivotalPercent = 5
        o.selection = .pivotal
        o.maskScope = .selfAttention
        o.maskEpochs = 100
        o.maskLearningRate = 1e-3
        o.steps = 1500
        o.batch = 32
        o.learningRateUNet = 1e-5
        o.learningRateTokens = 1e-4
        o.augment = true
        o.augmentEffects = false
        o.prompts = .short
        o.priorShare = 0
        return o
    }
}
