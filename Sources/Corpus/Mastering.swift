/// The last touch on rendered audio: a level and a fade.
public enum Mastering {
    /// Scales `samples` to `loudness` dBFS RMS, lowered if needed so that the
    /// peak stays under −0.3 dBFS, and fades out the last `fade` samples so a
    /// clip cut inside a note does not click.
    public static func finish(_ samples: [Float], loudness: Double, fade: Int) -> [Float] {
        var out = samples
        let sumSquares = samples.reduce(0.0) { $0 + Double($1) * Double($1) }
        let rms = (sumSquares / Double(max(samples.count, 1))).squareRoot()
        let peak = samples.reduce(Float(0)) { max($0, abs($1)) }
        guard rms > 1e-7, peak > 0 else { return out }
        var gain = Float(_pow10(loudness / 20) / rms)
        gain = min(gain, 0.966 / peak)
        let n = out.count
        let f = min(fade, n)
        for i in 0..<n {
            let tail = i >= n - f ? Float(n - i) / Float(f) : 1
            out[i] *= gain * tail
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _pow10(_ x: Double) -> Double { Glibc.pow(10, x) }
#else
import Darwin
@inline(__always) func _pow10(_ x: Double) -> Double { Darwin.pow(10, x) }
#endif
