import ArgumentParser
import Diffusion
import Foundation
import Generation
import Method

/// How clips are generated (`generate`, `evaluate`): each option overrides `GenerationSettings`,
/// where the defaults live.
struct GenerationOptions: ParsableArguments {
    static let defaults = GenerationSettings()

    @Option(parsing: .unconditional, help: "Seconds of audio per clip (1–30), default \(defaults.seconds.formatted()).")
    var seconds: Double?

    @Option(parsing: .unconditional, help: "Sampling steps (1–1000), default \(defaults.steps).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Classifier-free guidance scale, 0–30 (1 = none), default \(defaults.guidance.formatted()).")
    var cfg: Float?

    @Option(help: "Sampler, default \(defaults.sampler.rawValue).")
    var sampler: SamplerKind?

    @Option(parsing: .unconditional, help: "Concept strength, 0–2: how much of what the learn changed in the denoiser is applied (1 = as learned; above 1 the concept is heard more; to keep the prompt's words, use --keep-prompt).")
    var strength: Double = 1

    @Option(name: .customLong("keep-prompt"), parsing: .unconditional,
            help: "0–10: add the untouched base model's pull toward the prompt's words, this many times, so that they are kept beside a concept (0 = off; twice the denoiser work).")
    var keepPrompt: Float?

    func validate() throws {
        if let seconds { try InputChecks.real(seconds, "--seconds", in: 1...30) }
        if let steps { try InputChecks.int(steps, "--steps", in: 1...1000) }
        if let cfg { try InputChecks.real(cfg, "--cfg", in: 0...30) }
        try InputChecks.real(strength, "--strength", in: ConceptDelta.strengthRange)
        if let keepPrompt { try InputChecks.real(keepPrompt, "--keep-prompt", in: GenerationSettings.keepPromptRange) }
    }

    /// The defaults with what was given on the command line.
    var settings: GenerationSettings {
        var s = GenerationOptions.defaults
        if let seconds { s.seconds = seconds }
        if let steps { s.steps = steps }
        if let cfg { s.guidance = cfg }
        if let sampler { s.sampler = sampler }
        if let keepPrompt { s.keepPrompt = keepPrompt }
        return s
    }
}
