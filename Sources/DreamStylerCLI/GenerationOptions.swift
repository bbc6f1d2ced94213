import ArgumentParser
import Diffusion
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

    @Option(parsing: .unconditional, help: "Concept strength, 0–2: how much of what the learn changed in the denoiser is applied (1 = as learned, lower keeps more of the prompt).")
    var strength: Double = 1

    func validate() throws {
        if let seconds { try InputChecks.real(seconds, "--seconds", in: 1...30) }
        if let steps { try InputChecks.int(steps, "--steps", in: 1...1000) }
        if let cfg { try InputChecks.real(cfg, "--cfg", in: 0...30) }
        try InputChecks.real(strength, "--strength", in: ConceptDelta.strengthRange)
    }

    /// The defaults with what was given on the command line.
    var settings: GenerationSettings {
        var s = GenerationOptions.defaults
        if let seconds { s.seconds = seconds }
        if let steps { s.steps = steps }
        if let cfg { s.guidance = cfg }
        if let sampler { s.sampler = sampler }
        return s
    }
}
