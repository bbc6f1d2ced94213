import Audio
import Engine

/// How well a codec gives back a mel spectrogram: the two figures the codec
/// report prints per source. Both take normalised log-mels (T, bands), the
/// codec's own input and output space, and undo the normalisation first so the
/// numbers mean the same whatever normalisation a configuration uses.
public enum ReconstructionMetrics {
    /// Mean |ln S − ln Ŝ| over frames and bands, S the mel power; both clamped to
    /// what real audio occupies (the log floor … +1.5 normalised), as the vocoder
    /// clamps, so a codec is not charged for values no vocoder would use.
    public static func logMelL1(_ reference: Tensor, _ estimate: Tensor, spectrogram: SpectrogramConfig) -> Double {
        let n = min(reference.count, estimate.count)
        guard n > 0 else { return 0 }
        let lo = spectrogram.normalizedSilence, hi: Float = 1.5
        var sum = 0.0
        for i in 0..<n {
            let a = min(max(reference.data[i], lo), hi), b = min(max(estimate.data[i], lo), hi)
            sum += Double(abs(a - b))
        }
        return sum / Double(n) * Double(spectrogram.normScale)
    }

    /// ‖S − Ŝ‖_F / ‖S‖_F over mel magnitudes (√power); 0 is perfect.
    public static func spectralConvergence(_ reference: Tensor, _ estimate: Tensor, spectrogram: SpectrogramConfig) -> Double {
        let mel = MelSpectrogram(spectrogram)
        let a = mel.melPower(fromNormalized: reference), b = mel.melPower(fromNormalized: estimate)
        for t in [a, b] { for i in 0..<t.count { t.data[i] = t.data[i].squareRoot() } }
        return SpectralMetrics.spectralConvergence(a, b)
    }

    /// How much of the top quarter of the bands' band-to-band structure survives: mean |step between
    /// neighbouring bands| of the estimate over that of the reference, both clamped as above (1 is
    /// all of it; an average that smooths harmonics and noise away falls below). The codec kept 53 %
    /// of it on the sitar recording, which the round trip lost (docs/codec-v2.md).
    public static func fineStructureKept(_ reference: Tensor, _ estimate: Tensor, spectrogram: SpectrogramConfig) -> Double {
        let bands = reference.shape.last!, frames = min(reference.count, estimate.count) / bands
        let lo = spectrogram.normalizedSilence, hi: Float = 1.5
        func clamped(_ t: Tensor, _ i: Int) -> Float { min(max(t.data[i], lo), hi) }
        var a = 0.0, b = 0.0
        for f in 0..<frames {
            for m in (bands * 3 / 4)..<(bands - 1) {
                let i = f * bands + m
                a += Double(abs(clamped(reference, i + 1) - clamped(reference, i)))
                b += Double(abs(clamped(estimate, i + 1) - clamped(estimate, i)))
            }
        }
        return a > 0 ? b / a : 1
    }
}
