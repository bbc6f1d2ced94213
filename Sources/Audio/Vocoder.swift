import Engine
import Foundation

/// Mel frames back to sound: mel power → linear magnitude → Griffin-Lim.
public struct Vocoder: Sendable {
    public var inversion: MelInversion
    public var nnlsIterations: Int
    public var griffinLim: GriffinLim

    public init(inversion: MelInversion = .nnls, nnlsIterations: Int = 40, griffinLim: GriffinLim = GriffinLim()) {
        self.inversion = inversion
        self.nnlsIterations = nnlsIterations
        self.griffinLim = griffinLim
    }

    /// Audio for mel power (T, melBands); `length` defaults to T·hop samples.
    public func audio(fromMelPower mel: Tensor, analysis: MelSpectrogram, length: Int? = nil) -> AudioClip {
        let c = analysis.config
        let linear = inversion.linearPower(mel, filterbank: analysis.filterbank, iterations: nnlsIterations)
        VectorMath.map(linear.count, linear.data, linear.data) { $0.squareRoot() }
        let n = length ?? (mel.shape[0] - 1) * c.hop
        return AudioClip(samples: griffinLim.reconstruct(linear, stft: analysis.stft, length: n), sampleRate: c.sampleRate)
    }

    /// Audio for frames in the model's normalised log-mel space.
    public func audio(fromNormalized x: Tensor, analysis: MelSpectrogram, length: Int? = nil) -> AudioClip {
        audio(fromMelPower: analysis.melPower(fromNormalized: x), analysis: analysis, length: length)
    }
}
