import Engine
import Foundation

/// Mel frames back to sound: a learned vocoder when one is given, else
/// mel power → linear magnitude → Griffin-Lim.
public struct Vocoder: Sendable {
    public var inversion: MelInversion
    public var nnlsIterations: Int
    public var griffinLim: GriffinLim
    /// The learned vocoder; nil means Griffin-Lim.
    public var learned: LearnedSynthesis?

    public init(inversion: MelInversion = .nnls, nnlsIterations: Int = 40, griffinLim: GriffinLim = GriffinLim(),
                learned: LearnedSynthesis? = nil) {
        self.inversion = inversion
        self.nnlsIterations = nnlsIterations
        self.griffinLim = griffinLim
        self.learned = learned
    }

    /// "learned" (or the learned vocoder's own name) or "griffin-lim", for reports.
    public var name: String { learned?.name ?? "griffin-lim" }

    /// Audio for mel power (T, melBands); `length` defaults to (T − 1)·hop samples.
    public func audio(fromMelPower mel: Tensor, analysis: MelSpectrogram, length: Int? = nil) -> AudioClip {
        let c = analysis.config
        let n = length ?? (mel.shape[0] - 1) * c.hop
        if let learned {
            return AudioClip(samples: fitted(learned.synthesize(analysis.normalized(melPower: mel)), n), sampleRate: c.sampleRate)
        }
        let linear = inversion.linearPower(mel, filterbank: analysis.filterbank, iterations: nnlsIterations)
        VectorMath.map(linear.count, linear.data, linear.data) { $0.squareRoot() }
        return AudioClip(samples: griffinLim.reconstruct(linear, stft: analysis.stft, length: n), sampleRate: c.sampleRate)
    }

    /// Audio for frames in the model's normalised log-mel space.
    public func audio(fromNormalized x: Tensor, analysis: MelSpectrogram, length: Int? = nil) -> AudioClip {
        if let learned {
            let n = length ?? (x.shape[0] - 1) * analysis.config.hop
            // The same clamp to real audio's range as the Griffin-Lim path applies on the way to mel power.
            let clamped = analysis.normalized(melPower: analysis.melPower(fromNormalized: x))
            return AudioClip(samples: fitted(learned.synthesize(clamped), n), sampleRate: analysis.config.sampleRate)
        }
        return audio(fromMelPower: analysis.melPower(fromNormalized: x), analysis: analysis, length: length)
    }

    /// Cut or zero-padded to `n` samples (a learned vocoder gives (T − 1)·hop).
    private func fitted(_ s: [Float], _ n: Int) -> [Float] {
        s.count >= n ? Array(s.prefix(n)) : s + [Float](repeating: 0, count: n - s.count)
    }
}

/// A learned mel → waveform model, seen from Audio as a function: normalised log-mel
/// frames (T, mels) → (T − 1)·hop samples. The model itself lives in the model stack
/// (`Model.MelVocoder`); Audio only calls it, so audio I/O does not link the network.
///
/// Unchecked Sendable: the model behind the closure is read-only at inference, but
/// its engine tensors are classes; call it from one task at a time.
public struct LearnedSynthesis: @unchecked Sendable {
    public let name: String
    public let synthesize: (Tensor) -> [Float]

    public init(name: String = "learned", _ synthesize: @escaping (Tensor) -> [Float]) {
        self.name = name
        self.synthesize = synthesize
    }
}
