import Engine
import Foundation

/// How close two spectrograms are: the figures vocoder papers report.
public enum SpectralMetrics {
    /// ‖S − Ŝ‖_F / ‖S‖_F over magnitudes (0 is perfect).
    public static func spectralConvergence(_ reference: Tensor, _ estimate: Tensor) -> Double {
        var num = 0.0, den = 0.0
        for i in 0..<min(reference.count, estimate.count) {
            let a = Double(reference.data[i]), b = Double(estimate.data[i])
            num += (a - b) * (a - b); den += a * a
        }
        return den > 0 ? (num / den).squareRoot() : 0
    }

    /// Mean over frames of the RMS over bins of 10·log10(S² / Ŝ²), in dB, on magnitudes.
    public static func logSpectralDistance(_ reference: Tensor, _ estimate: Tensor, eps: Double = 1e-8) -> Double {
        let t = min(reference.shape[0], estimate.shape[0]), f = reference.shape[1]
        var total = 0.0
        for r in 0..<t {
            var s = 0.0
            for k in 0..<f {
                let a = Double(reference.data[r * f + k]), b = Double(estimate.data[r * f + k])
                let d = 10 * log10((a * a + eps) / (b * b + eps))
                s += d * d
            }
            total += (s / Double(f)).squareRoot()
        }
        return t > 0 ? total / Double(t) : 0
    }
}
