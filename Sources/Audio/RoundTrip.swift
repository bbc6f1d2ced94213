import Dispatch
import Engine
import Foundation

/// audio → mel → audio → mel: how much the vocoder loses, and how fast it is.
public struct RoundTrip: Sendable, Codable {
    /// On linear STFT magnitudes of the original and the reconstruction.
    public var spectralConvergence: Double
    public var logSpectralDistance: Double
    /// On mel magnitudes (√ mel power), what the model's space can express.
    public var melSpectralConvergence: Double
    public var melLogSpectralDistance: Double
    public var seconds: Double
    public var audioSeconds: Double
    public var realTimeFactor: Double { audioSeconds / max(seconds, 1e-9) }

    /// Runs the round trip on `clip` (at the analysis rate) and returns the figures and the reconstruction.
    /// `through` may send the normalised mel frames (T, mels) through something first — a codec.
    public static func measure(_ clip: AudioClip, vocoder: Vocoder, analysis: MelSpectrogram = MelSpectrogram(),
                               through: ((Tensor) -> Tensor)? = nil) -> (RoundTrip, AudioClip) {
        let start = DispatchTime.now().uptimeNanoseconds
        let mel = through.map { analysis.melPower(fromNormalized: $0(analysis.normalized(clip.samples))) } ?? analysis.melPower(clip.samples)
        let rebuilt = vocoder.audio(fromMelPower: mel, analysis: analysis, length: clip.samples.count)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let a = analysis.stft.magnitude(clip.samples), b = analysis.stft.magnitude(rebuilt.samples)
        let ma = analysis.melPower(clip.samples), mb = analysis.melPower(rebuilt.samples)
        for t in [ma, mb] { VectorMath.map(t.count, t.data, t.data) { $0.squareRoot() } }
        let r = RoundTrip(spectralConvergence: SpectralMetrics.spectralConvergence(a, b),
                          logSpectralDistance: SpectralMetrics.logSpectralDistance(a, b),
                          melSpectralConvergence: SpectralMetrics.spectralConvergence(ma, mb),
                          melLogSpectralDistance: SpectralMetrics.logSpectralDistance(ma, mb),
                          seconds: elapsed, audioSeconds: clip.duration)
        return (r, rebuilt)
    }
}
