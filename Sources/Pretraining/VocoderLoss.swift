import Audio
import Engine

/// The vocoder's training objective and the report's distances, on waveforms
/// (B, L): log-mel L1 (the product's mel analysis, in ln units) plus the
/// multi-resolution STFT loss of Parallel WaveGAN — per resolution, spectral
/// convergence ‖|S| − |Ŝ|‖_F / ‖|S|‖_F and mean |ln|S| − ln|Ŝ||, averaged over
/// resolutions. Both are differentiable in the prediction through the engine's
/// `stftMagnitude`.
public struct VocoderLoss {
    public struct Parts: Sendable, Equatable {
        /// Mean |ln mel − ln mel̂| (natural log of mel power, floor clamped).
        public var melL1: Double
        /// Mean over resolutions of spectral convergence + log-magnitude L1.
        public var multiResolution: Double
        /// Mean over resolutions of spectral convergence alone.
        public var spectralConvergence: Double
    }

    /// (n_fft, hop) at 16 kHz: 32 / 64 / 128 ms windows around the analysis's 64 ms.
    public var resolutions: [(nFFT: Int, hop: Int)] = [(512, 128), (1024, 256), (2048, 512)]
    public var melWeight: Float = 1
    public var stftWeight: Float = 1
    /// Magnitudes below this are clamped before the logarithm (−100 dB).
    public var magnitudeFloor: Float = 1e-5
    public let spectrogram: SpectrogramConfig
    /// (melBands, bins) of the product's analysis.
    let filterbank: Tensor

    public init(spectrogram: SpectrogramConfig) {
        self.spectrogram = spectrogram
        filterbank = MelSpectrogram(spectrogram).filterbank
    }

    /// ln mel power (B, T, mels) from STFT magnitudes at the analysis size.
    func logMel(magnitude: Tensor) -> Tensor {
        Tensor.matmul(magnitude.square(), filterbank, transposeB: true).log(floor: spectrogram.logFloor)
    }

    /// The vocoder's input for waveforms (B, L): normalised log-mel (B, 1 + L/hop, mels), no gradient.
    public func normalizedMel(_ audio: Tensor) -> Tensor {
        noGrad {
            let m = Tensor.stftMagnitude(audio, nFFT: spectrogram.nFFT, hop: spectrogram.hop)
            return logMel(magnitude: m).affine(scale: 1 / spectrogram.normScale, shift: -spectrogram.normShift / spectrogram.normScale)
        }
    }

    /// The weighted loss (a scalar tensor, differentiable in `prediction`) and its parts.
    public func callAsFunction(_ prediction: Tensor, _ target: Tensor) -> (Tensor, Parts) {
        require(prediction.shape == target.shape, "VocoderLoss: prediction \(prediction.shape), target \(target.shape)")
        var stft: Tensor?
        var sc = 0.0
        var melTerm: Tensor?
        for (n, h) in resolutions {
            let p = Tensor.stftMagnitude(prediction, nFFT: n, hop: h)
            let t = noGrad { Tensor.stftMagnitude(target, nFFT: n, hop: h) }
            let norm = max(t.square().sum().item().squareRoot(), 1e-8)
            let convergence = (t - p).square().sum().sqrt() * (1 / norm)
            let logL1 = Tensor.l1(p.log(floor: magnitudeFloor), t.log(floor: magnitudeFloor))
            sc += Double(convergence.item())
            let term = convergence + logL1
            stft = stft.map { $0 + term } ?? term
            if n == spectrogram.nFFT && h == spectrogram.hop {
                melTerm = Tensor.l1(logMel(magnitude: p), noGrad { logMel(magnitude: t) })
            }
        }
        if melTerm == nil {
            let p = Tensor.stftMagnitude(prediction, nFFT: spectrogram.nFFT, hop: spectrogram.hop)
            let t = noGrad { Tensor.stftMagnitude(target, nFFT: spectrogram.nFFT, hop: spectrogram.hop) }
            melTerm = Tensor.l1(logMel(magnitude: p), noGrad { logMel(magnitude: t) })
        }
        let k = Float(resolutions.count)
        let mr = stft! * (1 / k)
        let total = melTerm! * melWeight + mr * stftWeight
        return (total, Parts(melL1: Double(melTerm!.item()), multiResolution: Double(mr.item()), spectralConvergence: sc / Double(k)))
    }
}
