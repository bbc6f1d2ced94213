import Engine
import Foundation
import Generation
import Model
import SpectrogramSettings
import Text

/// Prior preservation, as DreamBooth does it: before tuning, the base model makes clips of its own,
/// and part of every tuning batch learns them again under their prompts. The tuned weights are then
/// pulled back toward what the base model does with prompts that do not name the concept, which is
/// what Text Alignment measures and the concept's rows alone wear away.
///
/// DreamBooth prompts its class images with the class noun ("a dog"). Here the prompts are plain
/// descriptions of music (pace, mood, form, detail — the words `TrainingPrompts.described` uses),
/// without an instrument or genre: the class words "instrument" and "genre" name no sound the base
/// model knows, and what is to be kept is the response to descriptions.
public struct PriorClips {
    /// One latent crop per clip, (frames, latent channels).
    public let latents: [Tensor]
    public let prompts: [String]

    /// Sampler settings of the clips: DDIM, 25 steps, the protocol's guidance.
    static let steps = 25
    static let guidance: Float = 7
    static let file = "prior.safetensors"

    /// The clips in `folder` when they were made under the same key (a resumed learn, bit-identical),
    /// else `count` new ones from the base model, written there before they are used.
    /// Call before tuning starts: the clips must come from the base weights.
    public static func loadOrMake(count: Int, frames: Int, seed: UInt64, base: BaseModel, text: TextEncoder, folder: URL) throws -> PriorClips {
        let url = folder.appendingPathComponent(file)
        var rng = SeededGenerator(seed: seed &+ 3)
        let prompts = (0..<count).map { _ in DescribedPrompt.plain(rng: &rng) }
        let key = ["base": try base.denoiserHash(), "frames": String(frames), "seed": String(seed), "steps": String(steps),
                   "guidance": guidance.formatted(), "prompts": prompts.joined(separator: "\n")]
        if let f = try? SafeTensors(contentsOf: url), f.metadata == key,
           let latents = try? (0..<count).map({ try f.tensor("clip\($0)") }),
           latents.allSatisfy({ $0.shape.first == frames }) {
            return PriorClips(latents: latents, prompts: prompts)
        }
        let generator = Generator(base: base, text: text)
        let seconds = Double(frames * base.config.latentDownsampling) / base.config.spectrogram.framesPerSecond
        var latents: [Tensor] = []
        for (i, prompt) in prompts.enumerated() {
            var s = GenerationSettings()
            s.seconds = seconds
            s.steps = steps
            s.guidance = guidance
            s.seed = seed &+ 1000 &+ UInt64(i)
            let z = try noGrad { try generator.latent(prompt, s) }
            latents.append(z.narrow(axis: 1, start: 0, length: frames).reshaped([frames, z.shape[2]]))
        }
        try SafeTensors.write(latents.enumerated().map { ("clip\($0.offset)", $0.element) }, to: url, metadata: key)
        return PriorClips(latents: latents, prompts: prompts)
    }
}
