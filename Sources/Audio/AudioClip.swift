import Foundation

/// Mono audio at one sample rate, as the product uses it everywhere (16 kHz by default).
public struct AudioClip: Sendable, Equatable {
    public var samples: [Float]
    public var sampleRate: Int

    public init(samples: [Float], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
    }

    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// Largest absolute sample value.
    public var peak: Float { samples.reduce(0) { max($0, abs($1)) } }

    /// Root mean square level.
    public var rms: Float {
        guard !samples.isEmpty else { return 0 }
        var acc = 0.0
        for s in samples { acc += Double(s) * Double(s) }
        return Float((acc / Double(samples.count)).squareRoot())
    }

    /// Level in decibels relative to full scale (−∞ for silence).
    public static func dBFS(_ level: Float) -> Double { level > 0 ? 20 * log10(Double(level)) : -.infinity }

    /// How loudness is normalised on the way in.
    public enum Normalization: Sendable, Equatable {
        /// Scale so the peak sits at this level (dBFS).
        case peak(Double)
        /// Scale so the RMS level sits at this level (dBFS), never pushing the peak above −1 dBFS.
        case rms(Double)
        case none
    }

    /// The clip scaled to the requested loudness. Silence is returned unchanged.
    public func normalized(_ mode: Normalization) -> AudioClip {
        let gain: Double
        switch mode {
        case .none: return self
        case .peak(let db):
            guard peak > 0 else { return self }
            gain = pow(10, db / 20) / Double(peak)
        case .rms(let db):
            guard rms > 0 else { return self }
            let byRMS = pow(10, db / 20) / Double(rms)
            let byPeak = pow(10, -1.0 / 20) / Double(peak)
            gain = min(byRMS, byPeak)
        }
        let g = Float(gain)
        return AudioClip(samples: samples.map { $0 * g }, sampleRate: sampleRate)
    }

    /// A part of the clip, in seconds (clamped to the clip).
    public func slice(from start: Double, seconds: Double) -> AudioClip {
        let a = max(0, min(samples.count, Int((start * Double(sampleRate)).rounded())))
        let b = max(a, min(samples.count, a + Int((seconds * Double(sampleRate)).rounded())))
        return AudioClip(samples: Array(samples[a..<b]), sampleRate: sampleRate)
    }

    /// Checks that the clip can serve as a concept's reference (or evaluation audio): finite, long
    /// enough and not silent. NaN first: its RMS is NaN, which no loudness threshold catches.
    public func validateAsReference(path: String, minimumSeconds: Double = 10, silenceDBFS: Double = -60) throws(AudioError) {
        if !samples.allSatisfy(\.isFinite) { throw .notFinite(path: path) }
        if duration < minimumSeconds { throw .tooShort(path: path, seconds: duration, minimum: minimumSeconds) }
        if AudioClip.dBFS(rms) < silenceDBFS { throw .silent(path: path) }
    }
}
