import Audio
import Generation

/// Clips already generated, by prompt and settings (seed included). The benchmark's base
/// model without a concept makes the same clips for every concept's row — only what they are
/// compared with differs — so a run makes them once and scores them against each concept.
/// Valid only while every clip it holds comes from the same, unchanged model.
public final class GeneratedClips {
    private var clips: [String: AudioClip] = [:]
    public init() {}

    /// How many distinct clips it holds.
    public var count: Int { clips.count }

    /// The clip of `prompt` under `settings`, made by `make` the first time only.
    public func clip(_ prompt: String, _ settings: GenerationSettings, make: () throws -> AudioClip) rethrows -> AudioClip {
        let key = "\(prompt)\u{0}\(settings.seconds)|\(settings.steps)|\(settings.guidance)|\(settings.sampler)|\(settings.eta)|\(settings.seed)"
        if let c = clips[key] { return c }
        let c = try make()
        clips[key] = c
        return c
    }
}
