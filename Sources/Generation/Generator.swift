import Audio
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
    public init() {}
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

    public init(base: BaseModel, text: TextEncoder) {
        self.base = base
        self.text = text
        analysis = MelSpectrogram(base.config.spectrogram)
        vocoder = VocoderChoice.automatic.vocoder(for: base)
        let d = base.config.diffusion
        schedule = NoiseSchedule(timesteps: d.timesteps, kind: d.schedule, betaStart: d.betaStart, betaEnd: d.betaEnd)
    }

    /// The latent for `prompt`; `onStep` sees every sampler step and may return false to cancel.
    public func latent(_ prompt: String, _ s: GenerationSettings, onStep: (SamplerStep) -> Bool = { _ in true }) throws -> Tensor {
        let frames = base.config.latentFrames(seconds: s.seconds)
        // Conditional and empty prompt encoded together, padded to one length with a mask.
        let encoded = try noGrad { try text.encode([prompt, ""]) }
        let ctx = encoded.states, mask = encoded.mask
        let unet = base.denoiser
        let sampler = Sampler(kind: s.sampler, schedule: schedule, steps: s.steps, shape: [1, frames, base.config.codec.latentChannels],
                              seed: s.seed, eta: s.eta) { x, t in
            Guidance.guided(x, scale: s.guidance) { both in
                if both.shape[0] == 1 {
                    return unet(both, timesteps: [Float(t)], context: ctx.narrow(axis: 0, start: 0, length: 1),
                                contextMask: mask.narrow(axis: 0, start: 0, length: 1))
                }
                return unet(both, timesteps: [Float(t), Float(t)], context: ctx, contextMask: mask)
            }
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
