import ArgumentParser
import ConceptGrammar
import Foundation
import Method

/// What a learn trains (`learn`, `studio`): each option overrides `LearnOptions`, where the
/// paper's defaults live.
struct MethodOptions: ParsableArguments {
    @Option(help: "The method, default \(LearnOptions().method.rawValue).")
    var method: TuningMethod?

    @Option(parsing: .unconditional, help: "P: the percentage of the masked weights' entries that train (above 0, at most 100), for every concept; default \(LearnOptions().pivotalPercent.formatted()) for an instrument and \(LearnOptions().genrePivotalPercent.formatted()) for a genre.")
    var pivotal: Double?

    @Option(parsing: .unconditional, help: "P for genre concepts only (above 0, at most 100), after --pivotal; default \(LearnOptions().genrePivotalPercent.formatted()).")
    var pivotalGenre: Double?

    @Option(help: "How the self-attention V entries are chosen, default \(LearnOptions().selection.rawValue).")
    var selection: EntrySelectionMode?

    @Option(help: "Which U-Net weights the mask covers and P is a share of: self-attention V (the paper's), every weight but the cross-attention K/V (which then train whole), or every weight, default \(LearnOptions().maskScope.rawValue).")
    var maskScope: MaskScope?

    @Option(parsing: .unconditional, help: "Identifier tokens per concept, 1–16 (default: 3; 1 for custom-diffusion and dreambooth).")
    var tokens: Int?

    func validate() throws {
        for (flag, value) in [("--pivotal", pivotal), ("--pivotal-genre", pivotalGenre)] {
            if let value, !(value.isFinite && value > 0 && value <= 100) {
                throw ValidationError("\(flag) \(value): must be a number above 0 and at most 100")
            }
        }
        if let tokens { try InputChecks.int(tokens, "--tokens", in: ConceptDelta.tokenRange) }
    }

    func apply(to o: inout LearnOptions) {
        if let method { o.method = method }
        if let pivotal { o.pivotalPercent = pivotal; o.genrePivotalPercent = pivotal }
        if let pivotalGenre { o.genrePivotalPercent = pivotalGenre }
        if let selection { o.selection = selection }
        if let maskScope { o.maskScope = maskScope }
        if let tokens { o.tokens = tokens }
    }
}

/// How long and how hard a learn trains (`learn`, `studio`, `benchmark run`): each option
/// overrides `LearnOptions`.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Start from these settings: recommended (calibrated on base v2, docs/learning-recipe.md) or paper (§5.2 exactly); the other flags override them.")
    var preset: LearnPreset?

    @Option(parsing: .unconditional, help: "Epochs of mask training (1–10000), default \(LearnOptions().maskEpochs).")
    var maskEpochs: Int?

    @Option(parsing: .unconditional, help: "Tuning steps (1–100000), default \(LearnOptions().steps).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Crops per batch (1–256), default \(LearnOptions().batch).")
    var batch: Int?

    @Option(parsing: .unconditional, help: "Learning rate of U-Net parameters (above 0, at most 1), default \(LearnOptions().learningRateUNet.formatted()).")
    var lrUnet: Float?

    @Option(parsing: .unconditional, help: "Learning rate of identifier tokens (above 0, at most 1), default \(LearnOptions().learningRateTokens.formatted()).")
    var lrTokens: Float?

    @Option(parsing: .unconditional, help: "Seed, default \(LearnOptions().seed).")
    var seed: UInt64?

    @Flag(inversion: .prefixedNo, help: "Also learn from brighter, darker, noisy and roomy versions of the references (default: \(LearnOptions().augmentEffects ? "on" : "off")).")
    var augmentEffects: Bool?

    @Option(help: "The sentences the concept is learned in: short (the paper's templates) or described (half of them inside a description of the music, so long prompts keep the concept), default \(LearnOptions().prompts.rawValue).")
    var trainingPrompts: TrainingPrompts?

    @Option(parsing: .unconditional, help: "Prior preservation: the share of each tuning batch given to the base model's own clips of plain descriptions of music (0–0.75; 0 for none), default \(LearnOptions().priorShare.formatted()).")
    var priorShare: Double?

    @Option(parsing: .unconditional, help: "Clips the base model makes for prior preservation (1–256), default \(LearnOptions().priorClips).")
    var priorClips: Int?

    @Option(parsing: .unconditional, help: "For an instrument and a genre learned together: the share of each batch's concept rows that play the instrument's references over the genre's, named together (0–0.75), default \(LearnOptions().togetherShare.formatted()).")
    var togetherShare: Double?

    func validate() throws {
        if let togetherShare { try InputChecks.real(togetherShare, "--together-share", in: 0...0.75) }
        if let priorShare { try InputChecks.real(priorShare, "--prior-share", in: 0...0.75) }
        if let priorClips { try InputChecks.int(priorClips, "--prior-clips", in: 1...256) }
        if let steps { try InputChecks.int(steps, "--steps", in: 1...100_000) }
        // A batch is held in memory whole: 100000 crops would exhaust it and crash instead of failing.
        if let batch { try InputChecks.int(batch, "--batch", in: 1...256) }
        if let maskEpochs { try InputChecks.int(maskEpochs, "--mask-epochs", in: 1...10_000) }
        if let lrUnet { try InputChecks.rate(lrUnet, "--lr-unet") }
        if let lrTokens { try InputChecks.rate(lrTokens, "--lr-tokens") }
    }

    /// The preset first, then each flag: apply this before `MethodOptions`.
    func apply(to o: inout LearnOptions) {
        if let preset { o = preset.options }
        if let maskEpochs { o.maskEpochs = maskEpochs }
        if let steps { o.steps = steps }
        if let batch { o.batch = batch }
        if let lrUnet { o.learningRateUNet = lrUnet }
        if let lrTokens { o.learningRateTokens = lrTokens }
        if let seed { o.seed = seed }
        if let augmentEffects { o.augmentEffects = augmentEffects }
        if let trainingPrompts { o.prompts = trainingPrompts }
        if let priorShare { o.priorShare = priorShare }
        if let priorClips { o.priorClips = priorClips }
        if let togetherShare { o.togetherShare = togetherShare }
    }
}

/// `--sample-every`, for commands whose learns render validation samples.
struct SampleOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Render a validation sample (4 s, 25 DDIM steps) every N tuning steps into the run's samples folder; 0 for none.")
    var sampleEvery = LearnSession.defaultSampleEvery

    func validate() throws { try InputChecks.int(sampleEvery, "--sample-every", in: 0...100_000) }
}
