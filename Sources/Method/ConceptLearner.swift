import Diffusion
import Engine
import Foundation
import Generation
import Model
import Text
import Training

/// Learns one or more concepts on the base model with a chosen method:
///
/// 1. mask training (DreamStyler only, Eq. 8): a mask M of ones multiplies every weight
///    in `LearnOptions.maskScope`; M alone trains (θ and V* frozen); Δ_M = |1 − M|; skipped
///    when a concept's P is 100 % (`needsMasks`);
/// 2. selection: the top P % of Δ_M over all those weights together (or P % at random);
///    for several concepts, each concept's mask is learned alone and the selections are
///    united (Algorithm 1);
/// 3. tuning (Eq. 9): the selected entries, every cross-attention `to_k`/`to_v` and the
///    identifier tokens train; everything else stays bit-identical. With prior preservation
///    (`LearnOptions.priorShare`) part of each batch is the base model's own clips (`PriorClips`);
///    an instrument and a genre learned together can also train on the one over the other (`Together`).
///
/// Each phase is a resumable training run in its own folder.
public final class ConceptLearner {
    public struct Concept {
        public var name: String
        public var kind: ConceptKind
        public var references: ReferenceSet
        public init(name: String, kind: ConceptKind, references: ReferenceSet) {
            self.name = name
            self.kind = kind
            self.references = references
        }
    }

    /// An instrument's references over a genre's (`ReferenceSet.together`), trained under prompts
    /// naming both (`LearnOptions.togetherShare`).
    public struct Together {
        public var instrument: String
        public var genre: String
        public var references: ReferenceSet
        public init(instrument: String, genre: String, references: ReferenceSet) {
            self.instrument = instrument
            self.genre = genre
            self.references = references
        }

        /// Every instrument of `concepts` over every genre of them; none when `options` gives them no
        /// rows or the concepts are not of both kinds.
        public static func pairs(_ concepts: [(name: String, kind: ConceptKind, files: [String])], base: BaseModel, options: LearnOptions,
                                 clock: inout PhaseClock) throws -> [Together] {
            guard options.togetherShare > 0 else { return [] }
            var out: [Together] = []
            for i in concepts where i.kind == .instrument {
                for g in concepts where g.kind == .genre {
                    out.append(Together(instrument: i.name, genre: g.name,
                                        references: try ReferenceSet.together(instrument: i.files, genre: g.files, base: base, augment: options.augment,
                                                                              effects: options.augmentEffects, clock: &clock)))
                }
            }
            return out
        }
    }

    public let base: BaseModel
    public let text: TextEncoder
    public let concepts: [Concept]
    public let together: [Together]
    public let options: LearnOptions
    public let schedule: NoiseSchedule

    /// The weights mask training covers (`LearnOptions.maskScope`; the paper's: self-attention V), by name, in model order.
    public var maskedWeights: [(name: String, parameter: Parameter)] {
        base.denoiser.namedParameters().filter { options.maskScope.covers($0.name, shape: $0.parameter.value.shape) }
    }

    public init(base: BaseModel, text: TextEncoder, concepts: [Concept], together: [Together] = [], options: LearnOptions) throws {
        self.base = base
        self.text = text
        self.concepts = concepts
        self.together = together
        self.options = options
        let d = base.config.diffusion
        schedule = NoiseSchedule(timesteps: d.timesteps, kind: d.schedule, betaStart: d.betaStart, betaEnd: d.betaEnd)
        for c in concepts where text.concepts[c.name] == nil {
            if options.method == .dreambooth {
                // DreamBooth's fixed rare token: the word "sks", never trained.
                try text.addConcept(c.name, tokens: 1, initialization: .word("sks"), noise: 0)
            } else {
                try text.addConcept(c.name, tokens: options.tokensPerConcept, initialization: .word(c.kind.classWord), seed: options.seed)
            }
        }
    }

    // MARK: the diffusion loss on reference crops

    /// One step's loss over a batch pooled from `chosen` concepts, each crop with its own concept's prompt;
    /// with `prior`, its first `options.priorRows` rows are prior clips under their own prompts; with
    /// `together`, the next `options.togetherRows` rows are mixes named by both concepts.
    public func diffusionLoss(_ chosen: [Concept], prior: PriorClips? = nil, together: [Together] = [], rng: inout SeededGenerator) throws -> Tensor {
        let b = options.batch, frames = options.frames
        let priorRows = prior == nil ? 0 : options.priorRows
        let togetherRows = together.isEmpty ? 0 : options.togetherRows
        var crops: [Tensor] = []
        var prompts: [String] = []
        var rows: [Int] = []
        for row in 0..<b {
            let p: String
            if row < priorRows, let prior {
                let i = Int(rng.next() % UInt64(prior.latents.count))
                crops.append(prior.latents[i])
                p = prior.prompts[i]
            } else if row < priorRows + togetherRows {
                let m = together[Int(rng.next() % UInt64(together.count))]
                crops.append(m.references.crop(frames: frames, rng: &rng))
                p = options.prompts.prompt(instrument: m.instrument, genre: m.genre, rng: &rng) { (try? text.tokenize($0)) != nil }
            } else {
                let c = chosen[Int(rng.next() % UInt64(chosen.count))]
                crops.append(c.references.crop(frames: frames, rng: &rng))
                p = options.prompts.prompt(name: c.name, kind: c.kind, rng: &rng) { (try? text.tokenize($0)) != nil }
            }
            if let i = prompts.firstIndex(of: p) { rows.append(i) } else { rows.append(prompts.count); prompts.append(p) }
        }
        // Each distinct prompt goes through the encoder once; rows are gathered differentiably.
        let encoded = try text.encode(prompts)
        let (p, s, d) = (encoded.states.shape[0], encoded.states.shape[1], encoded.states.shape[2])
        let context = Tensor.embedding(encoded.states.reshaped([p, s * d]), indices: rows).reshaped([b, s, d])
        let mask = Tensor.embedding(encoded.mask, indices: rows).detached()
        let x0 = Tensor.concat(crops.map { $0.reshaped([1, frames, $0.shape[1]]) }, axis: 0)
        let noise = Tensor.randn(x0.shape, using: &rng)
        let t = (0..<b).map { _ in Int(rng.next() % UInt64(schedule.timesteps)) }
        let xt = schedule.addNoise(x0, noise: noise, timesteps: t)
        return Tensor.mse(base.denoiser(xt, timesteps: t.map(Float.init), context: context, contextMask: mask), noise)
    }

    // MARK: phase 1

    /// Learns `concept`'s mask alone and returns Δ_M per self-attention V weight.
    public func learnMask(_ concept: Concept, folder: URL, resume: Bool, stop: StopSignal = .shared,
                          onLog: (LossLog.Entry) throws -> Void = { _ in }) throws -> (TrainingLoop.Outcome, [(name: String, delta: [Float])]) {
        base.denoiser.freezeAll()
        text.concepts.freezeAll()
        let values = maskedWeights
        let masks = MaskSet(values.map { ($0.name, $0.parameter.attachMultiplier()) })
        defer { for (_, p) in values { p.detachMultiplier() } }
        let opt = AdamW(groups: [.init("mask", learningRate: options.maskLearningRate, weightDecay: 0, parameters: masks.namedParameters())],
                        beta1: options.beta1, beta2: options.beta2)
        let steps = maskSteps(concept)
        var loopOptions = TrainingLoop.Options(steps: steps, checkpointEvery: max(options.checkpointEvery, steps / 4),
                                               schedule: LearningRateSchedule(peak: options.maskLearningRate, totalSteps: steps, floor: 1),
                                               seed: options.seed &+ 1)
        loopOptions.clipNorm = options.clipNorm
        loopOptions.logEvery = 10
        let loop = try TrainingLoop(module: masks, optimizer: opt, options: loopOptions, folder: folder, resume: resume)
        let outcome = try loop.run(stop: stop, { _, rng in
            let loss = try diffusionLoss([concept], rng: &rng)
            loss.backward()
            return loss.item()
        }, onLog: onLog)
        let deltas = values.map { v -> (name: String, delta: [Float]) in
            let m = v.parameter.multiplier!.toArray()
            return (v.name, m.map { abs(1 - $0) })
        }
        return (outcome, deltas)
    }

    /// Steps of mask training: `maskEpochs` passes over the reference's non-overlapping crops, in batches.
    public func maskSteps(_ concept: Concept) -> Int {
        options.maskEpochs * max(1, (concept.references.cropsPerEpoch(frames: options.frames) + options.batch - 1) / options.batch)
    }

    /// Whether mask training can change what trains. Not when a concept's P is 100 %: its own top P %
    /// is every entry, and so is the union with the others' (a genre by default), whatever Δ_M says.
    public var needsMasks: Bool {
        options.method.usesPivotalEntries && options.selection == .pivotal && !concepts.contains { options.pivotalPercent(for: $0.kind) >= 100 }
    }

    /// The masked weights' entries that will train (`masks` may be empty when no mask is needed).
    public func selection(masks: [[(name: String, delta: [Float])]]) -> EntrySelection {
        switch options.selection {
        case .pivotal where !needsMasks:
            return Dictionary(uniqueKeysWithValues: maskedWeights.map { ($0.name, Array(0..<$0.parameter.value.count)) })
        case .pivotal:
            return PivotalSelection.union(zip(concepts, masks).map { PivotalSelection.top($1, percent: options.pivotalPercent(for: $0.kind)) })
        case .random:
            return PivotalSelection.random(maskedWeights.map { ($0.name, $0.parameter.value.count) },
                                           percent: options.pivotalPercent(for: concepts.map(\.kind)), seed: options.seed)
        }
    }

    // MARK: phase 3

    /// Sets what trains: the method's U-Net parameters, `entries` of self-attention V, the tokens.
    public func configureTuning(entries: EntrySelection) {
        base.denoiser.freezeAll()
        for (name, p) in base.denoiser.namedParameters() {
            let masked = options.method.usesPivotalEntries && options.maskScope.covers(name, shape: p.value.shape)
            if options.method.trainsFully(name) && !masked { p.setMode(.full) }
            // A whole tensor trains as one: no index per entry, and the vectorised update.
            else if options.method.usesPivotalEntries, let idx = entries[name], !idx.isEmpty { p.setMode(idx.count == p.value.count ? .full : .entries(idx)) }
        }
        text.concepts.freezeAll()
        if options.method.trainsTokens {
            for c in concepts { text.concepts[c.name]!.embeddings.setMode(.full) }
        }
    }

    /// Tunes all concepts jointly on their pooled references (and `prior`'s clips, see `PriorClips`);
    /// `entries` nil: what trains was set already (`configureTuning`).
    public func tune(entries: EntrySelection?, prior: PriorClips? = nil, folder: URL, resume: Bool, stop: StopSignal = .shared,
                     onLog: (LossLog.Entry) throws -> Void = { _ in }, afterStep: (Int) throws -> Void = { _ in }) throws -> TrainingLoop.Outcome {
        if let entries { configureTuning(entries: entries) }
        let set = TuneSet(unet: base.denoiser, tokens: text.concepts)
        let unetParams = base.denoiser.namedParameters().filter { $0.parameter.mode != .frozen }
        let tokenParams = text.concepts.namedParameters().filter { $0.parameter.mode != .frozen }
        var groups: [AdamW.Group] = []
        if !unetParams.isEmpty { groups.append(.init("unet", learningRate: options.learningRateUNet, weightDecay: options.weightDecay, parameters: unetParams)) }
        if !tokenParams.isEmpty { groups.append(.init("tokens", learningRate: options.learningRateTokens, weightDecay: options.weightDecay, parameters: tokenParams)) }
        let opt = AdamW(groups: groups, beta1: options.beta1, beta2: options.beta2)
        let peak = unetParams.isEmpty ? options.learningRateTokens : options.learningRateUNet
        var loopOptions = TrainingLoop.Options(steps: options.steps, checkpointEvery: options.checkpointEvery,
                                               schedule: LearningRateSchedule(peak: peak, totalSteps: options.steps, floor: 1),
                                               seed: options.seed &+ 2)
        loopOptions.groupScales = groups.map { $0.learningRate / peak }
        loopOptions.clipNorm = options.clipNorm
        loopOptions.logEvery = 10
        let loop = try TrainingLoop(module: set, optimizer: opt, options: loopOptions, folder: folder, resume: resume)
        return try loop.run(stop: stop, { _, rng in
            let loss = try diffusionLoss(concepts, prior: prior, together: together, rng: &rng)
            loss.backward()
            return loss.item()
        }, onLog: onLog, afterStep: afterStep)
    }
}

/// The masks of mask training as a module, so that a run checkpoints and resumes them.
final class MaskSet: Module {
    init(_ masks: [(String, Tensor)]) {
        super.init()
        for (i, (_, m)) in masks.enumerated() { register("mask\(i)", Parameter(m)) }
    }
}

/// What a tuning run checkpoints: the denoiser and the concept tokens.
final class TuneSet: Module {
    init(unet: UNet1D, tokens: ConceptTokens) {
        super.init()
        register("unet", unet)
        register("tokens", tokens)
    }
}
