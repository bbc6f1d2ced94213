import Engine
import Foundation

/// Triangular mel filters on the Slaney scale, area-normalised — librosa's
/// `filters.mel(htk=False, norm='slaney')`.
public enum MelFilterbank {
    static func hzToMel(_ f: Double) -> Double {
        let fsp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fsp, logStep = log(6.4) / 27
        return f >= minLogHz ? minLogMel + log(f / minLogHz) / logStep : f / fsp
    }

    static func melToHz(_ m: Double) -> Double {
        let fsp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fsp, logStep = log(6.4) / 27
        return m >= minLogMel ? minLogHz * exp(logStep * (m - minLogMel)) : fsp * m
    }

    /// The filterbank, (melBands, bins).
    public static func make(_ c: SpectrogramConfig) -> Tensor {
        let bins = c.bins, n = c.melBands
        let fft = (0..<bins).map { Double($0) * Double(c.sampleRate) / Double(c.nFFT) }
        let lo = hzToMel(c.fMin), hi = hzToMel(c.fMax)
        let melF = (0..<(n + 2)).map { melToHz(lo + (hi - lo) * Double($0) / Double(n + 1)) }
        let w = Tensor.zeros([n, bins])
        for i in 0..<n {
            let enorm = 2 / (melF[i + 2] - melF[i])
            for k in 0..<bins {
                let lower = (fft[k] - melF[i]) / (melF[i + 1] - melF[i])
                let upper = (melF[i + 2] - fft[k]) / (melF[i + 2] - melF[i + 1])
                w.data[i * bins + k] = Float(max(0, min(lower, upper)) * enorm)
            }
        }
        return w
    }
}
