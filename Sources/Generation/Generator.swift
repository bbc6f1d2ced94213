import Audio
import ConceptGrammar
import Diffusion
import Engine
import Foundation
import Model
import Text

/// How a clip is generated.
public struct GenerationSettings: Codable, Sendable, Equatable {
    public var seconds = 10.0
    public var steps = 50
    public var guidance: Float = 7
    public var sampler = SamplerKind.ddim
    public var eta: Float = 0
    public var seed: UInt64 = 1
    /// Weight of the base model's own pull toward the prompt's description (0: none; needs
    /// `Generator.pristine`): ε̂ += w · (ε̂_base(description) − ε̂_base(∅)). The concept's weights
    /// carry the sound while the untouched model keeps what the words ask for. A prompt that names
    /// no concept is generated as without it.
    public var keepPrompt: Float = 0
    /// The keep-prompt weights the product offers.
    public static let keepPromptRange: ClosedRange<Float> = 0...10
    public init() {}

    // Settings stored before a field existed (benchmark results) read with its default.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = GenerationSettings()
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds) ?? d.seconds
        steps = try c.decodeIfPresent(Int.self, forKey: .steps) ?? d.steps
        guidance = try c.decodeIfPresent(Float.self, forKey: .guidance) ?? d.guidance
        sampler = try c.decodeIfPresent(SamplerKind.self, forKey: .sampler) ?? d.sampler
        eta = try c.decodeIfPresent(Float.self, forKey: .eta) ?? d.eta
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        keepPrompt = try c.decodeIfPresent(Float.self, forKey: .keepPrompt) ?? d.keepPrompt
    }
}

/// Text → music with the base model (and any concepts the text encoder knows).
public final class Generator {
    public let base: BaseModel
    public let text: TextEncoder
    public let analysis: MelSpectrogram
    /// The base model's learned vocoder when it has one, else Griffin-Lim (see `VocoderChoice`).
    public var vocoder: Vocoder
    public let schedule: NoiseSchedule

    public struct Cancelled: Error, CustomStringConvertible {
        public var description: String { "generation cancelled" }
    }

    /// `keepPrompt` was asked for with no `pristine` denoiser to keep the prompt with.
    public struct NoPristineDenoiser: Error, CustomStringConvertible {
        public var description: String { "keeping the prompt needs the base model's own denoiser beside the concept's" }
    }

    /// The base model's denoiser as shipped, no concept applied (`BaseModel.pristineDenoiser()`),
    /// for `GenerationSettings.keepPrompt`.
    public var pristine: UNet1D?

    public init(base: BaseModel, text: TextEncoder) {
        self.base = base
        self.text = text
        analysis = MelSpectrogram(base.config.spectrogram)
        vocoder = VocoderChoice.automatic.vocoder(for: base)
        let d = base.config.diffusion
        schedule = NoiseSchedule(timesteps: d.timesteps, kind: d.schedule, betaStart: d.betaStart, betaEnd: d.betaEnd)
    }

    /// A generator ready for `settings`: with a keep-prompt weight, the shipped denoiser is loaded
    /// beside the base's (a second copy, read again each time: a fraction of a second against the clips).
    public convenience init(base: BaseModel, text: TextEncoder, for settings: GenerationSettings) throws {
        self.init(base: base, text: text)
        if settings.keepPrompt > 0 { pristine = try base.pristineDenoiser() }
    }

    /// The latent for `prompt`; `onStep` sees every sampler step and may return false to cancel.
    public func latent(_ prompt: String, _ s: GenerationSettings, onStep: (SamplerStep) -> Bool = { _ in true }) throws -> Tensor {
        let frames = base.config.latentFrames(seconds: s.seconds)
        // Only a prompt that names a concept has anything to keep its words from: without one the
        // pull would merely raise the guidance, and the base model's clips stay as the protocol makes them.
        let keeping = s.keepPrompt > 0 && !PromptReferences.names(in: prompt).isEmpty
        if keeping && pristine == nil { throw NoPristineDenoiser() }
        let keeper = keeping ? pristine : nil
        // Conditional and empty prompt (and the description) encoded together, padded to one length with a mask.
        let encoded = try noGrad { try text.encode(keeper == nil ? [prompt, ""] : [prompt, "", PromptReferences.description(of: prompt)]) }
        let ctx = encoded.states.narrow(axis: 0, start: 0, length: 2), mask = encoded.mask.narrow(axis: 0, start: 0, length: 2)
        // The keeper's batch: description first, then the empty prompt.
        let rows = { (t: Tensor) in Tensor.concat([t.narrow(axis: 0, start: 2, length: 1), t.narrow(axis: 0, start: 1, length: 1)], axis: 0) }
        let kept = keeper == nil ? nil : (context: rows(encoded.states), mask: rows(encoded.mask))
        let unet = base.denoiser
        let sampler = Sampler(kind: s.sampler, schedule: schedule, steps: s.steps, shape: [1, frames, base.config.codec.latentChannels],
                              seed: s.seed, eta: s.eta) { x, t in
            let eps = Guidance.guided(x, scale: s.guidance) { both in
                if both.shape[0] == 1 {
                    return unet(both, timesteps: [Float(t)], context: ctx.narrow(axis: 0, start: 0, length: 1),
                                contextMask: mask.narrow(axis: 0, start: 0, length: 1))
                }
                return unet(both, timesteps: [Float(t), Float(t)], context: ctx, contextMask: mask)
            }
            guard let keeper, let kept else { return eps }
            let pair = keeper(Tensor.concat([x, x], axis: 0), timesteps: [Float(t), Float(t)], context: kept.context, contextMask: kept.mask)
            let described = pair.narrow(axis: 0, start: 0, length: 1), empty = pair.narrow(axis: 0, start: 1, length: 1)
            let w = s.keepPrompt
            let out = Tensor(uninitializedShape: eps.shape)
            VectorMath.zip3(out.count, eps.data, described.data, empty.data, out.data) { e, d, u in e + w * (d - u) }
            return out
        }
        var last = sampler.initial
        for step in sampler {
            last = step.latent
            if !onStep(step) { throw Cancelled() }
        }
        return last
    }

    /// Normalised log-mel frames (1, T, mels) of a latent.
    public func mel(_ latent: Tensor) -> Tensor { noGrad { base.codec.decode(latent) } }

    /// Audio of `prompt`, `settings.seconds` long, loudness-normalised like references (−20 dBFS RMS).
    public func generate(_ prompt: String, _ s: GenerationSettings, onStep: (SamplerStep) -> Bool = { _ in true }) throws -> AudioClip {
        let z = try latent(prompt, s, onStep: onStep)
        let m = mel(z)
        let frames = m.reshaped([m.shape[1], m.shape[2]])
        let length = Int(s.seconds * Double(base.config.spectrogram.sampleRate))
        var g = vocoder.griffinLim
        g.seed = s.seed
        var v = vocoder
        v.griffinLim = g
        return v.audio(fromNormalized: frames, analysis: analysis, length: length).normalized(.rms(-20))
    }
}
