import Engine
import Foundation

/// Audio → mel power → log-mel → the model's normalised space, and back.
///
/// Frames are rows: a mel spectrogram is (T, melBands), the channels-last
/// layout the engine's convolutions take directly.
public final class MelSpectrogram: @unchecked Sendable {
    public let config: SpectrogramConfig
    public let stft: STFT
    /// (melBands, bins).
    public let filterbank: Tensor

    public init(_ config: SpectrogramConfig = SpectrogramConfig()) {
        self.config = config
        stft = STFT.shared(nFFT: config.nFFT, hop: config.hop)
        filterbank = MelFilterbank.make(config)
    }

    /// Mel power, (T, melBands).
    public func melPower(_ samples: [Float]) -> Tensor {
        noGrad { Tensor.matmul(stft.power(samples), filterbank, transposeB: true) }
    }

    /// Natural log of mel power, clamped below at `config.logFloor`.
    public func logMel(_ samples: [Float]) -> Tensor {
        let m = melPower(samples)
        let floor = config.logFloor
        for i in 0..<m.count { m.data[i] = logf(max(m.data[i], floor)) }
        return m
    }

    /// The model's input: (ln mel − shift) / scale, roughly in [−1, 1].
    public func normalized(_ samples: [Float]) -> Tensor {
        let m = logMel(samples)
        let s = config.normShift, k = 1 / config.normScale
        VectorMath.map(m.count, m.data, m.data) { ($0 - s) * k }
        return m
    }

    /// The normalised space from mel power (T, melBands): the same floor and scaling as `normalized`.
    public func normalized(melPower m: Tensor) -> Tensor {
        let out = Tensor(uninitializedShape: m.shape)
        let floor = config.logFloor, s = config.normShift, k = 1 / config.normScale
        for i in 0..<m.count { out.data[i] = (logf(max(m.data[i], floor)) - s) * k }
        return out
    }

    /// Mel power from the normalised space. Values are first clamped to the range real
    /// audio occupies (the floor, up to +1.5): a model's output outside it would otherwise
    /// overflow to infinity and turn the vocoder's output into NaN.
    public func melPower(fromNormalized x: Tensor) -> Tensor {
        let out = Tensor(uninitializedShape: x.shape)
        let s = config.normShift, k = config.normScale
        let lo = config.normalizedSilence, hi: Float = 1.5
        VectorMath.map(x.count, x.data, out.data) { v in
            let c = v.replacing(with: lo, where: v .< lo).replacing(with: hi, where: v .> hi)
            return VectorMath.exp(c * k + s)
        }
        return out
    }
}
