/// Every setting of a concept learn, defaulting to the recipe calibrated on base v2
/// (docs/learning-recipe.md); `LearnOptions.paper` holds the paper's §5.2. Each is a
/// flag of `dreamstyler learn`.
public struct LearnOptions: Codable, Sendable, Equatable {
    public var method = TuningMethod.dreamstyler
    /// Identifier tokens per concept (nil: the method's default).
    public var tokens: Int?
    /// P: the share of the masked weights' entries that train, in per cent, for an instrument.
    public var pivotalPercent = 5.0
    /// P for a genre. A genre's identity is a groove, a metre and an arrangement, which live in far
    /// more of this U-Net than a timbre does: at 5 % reggae, dub and gospel were heard in 0–2 clips of
    /// 20, at 100 % in 15–20 (docs/learning-recipe.md, Table 2 and round 18).
    public var genrePivotalPercent = 100.0
    public var selection = EntrySelectionMode.pivotal
    /// Which weights the mask covers and P is a share of. The paper's self-attention V alone
    /// left concepts unheard on this U-Net, whose only self-attention is at its coarsest level.
    public var maskScope = MaskScope.allWeights
    /// Epochs of mask training over the reference crops (paper: 100).
    public var maskEpochs = 100
    public var maskLearningRate: Float = 1e-3
    public var steps = 750
    public var batch = 32
    public var learningRateUNet: Float = 1e-4
    public var learningRateTokens: Float = 1e-3
    public var weightDecay: Float = 0.1
    public var beta1: Float = 0.9
    public var beta2: Float = 0.95
    public var clipNorm: Float = 1
    /// Crop length in latent frames (64 = 4.1 s).
    public var frames = 64
    public var checkpointEvery = 250
    /// Gain (±dB) and time-shift augmentation of reference crops.
    public var augment = true
    /// Also brighter, darker, noisy and roomy versions of the references (`ReferenceEffect`).
    public var augmentEffects = false
    /// The sentences the concept is learned in.
    public var prompts = TrainingPrompts.described
    /// Prior preservation: the share of each tuning batch given to the base model's own clips
    /// for plain descriptions of music (`PriorClips`); 0 for none.
    public var priorShare = 0.25
    /// How many such clips the base model makes before tuning.
    public var priorClips = 16
    /// For an instrument and a genre learned together: the share of each batch's concept rows given to
    /// the instrument's references mixed over the genre's (`TogetherMix`), captioned with both.
    public var togetherShare = 0.0
    public var seed: UInt64 = 7

    public init() {}

    /// Settings stored by an older version lack the newer keys: those take the value they had
    /// before they could be chosen (the paper's), so an old run is still compared with what it
    /// was, and an old results file reads.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var o = LearnOptions.paper
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let v = try c.decodeIfPresent(T.self, forKey: key) { value = v }
        }
        try read(.method, &o.method); o.tokens = try c.decodeIfPresent(Int.self, forKey: .tokens)
        try read(.pivotalPercent, &o.pivotalPercent); try read(.selection, &o.selection); try read(.maskScope, &o.maskScope)
        // Before P depended on the kind, one P held for every concept.
        o.genrePivotalPercent = try c.decodeIfPresent(Double.self, forKey: .genrePivotalPercent) ?? o.pivotalPercent
        try read(.maskEpochs, &o.maskEpochs); try read(.maskLearningRate, &o.maskLearningRate)
        try read(.steps, &o.steps); try read(.batch, &o.batch)
        try read(.learningRateUNet, &o.learningRateUNet); try read(.learningRateTokens, &o.learningRateTokens)
        try read(.weightDecay, &o.weightDecay); try read(.beta1, &o.beta1); try read(.beta2, &o.beta2)
        try read(.clipNorm, &o.clipNorm); try read(.frames, &o.frames); try read(.checkpointEvery, &o.checkpointEvery)
        try read(.augment, &o.augment); try read(.augmentEffects, &o.augmentEffects); try read(.prompts, &o.prompts); try read(.seed, &o.seed)
        try read(.priorShare, &o.priorShare); try read(.priorClips, &o.priorClips); try read(.togetherShare, &o.togetherShare)
        self = o
    }

    public var tokensPerConcept: Int { tokens ?? method.defaultTokens }

    /// P for a concept of `kind`.
    public func pivotalPercent(for kind: ConceptKind) -> Double { kind == .genre ? genrePivotalPercent : pivotalPercent }

    /// P for concepts learned together: the largest of theirs, the share their united selection reaches at most.
    public func pivotalPercent(for kinds: [ConceptKind]) -> Double { kinds.map(pivotalPercent(for:)).max() ?? pivotalPercent }

    /// Rows of each tuning batch taken by prior clips: at least one row stays the concept's.
    public var priorRows: Int { priorShare > 0 ? min(batch - 1, max(1, Int((Double(batch) * priorShare).rounded()))) : 0 }

    /// Rows after the prior's that show an instrument inside a genre, when the learn has both: at least
    /// one row stays each concept's own.
    public var togetherRows: Int {
        let rest = batch - priorRows
        return togetherShare > 0 && rest > 1 ? min(rest - 1, max(1, Int((Double(rest) * togetherShare).rounded()))) : 0
    }
}
