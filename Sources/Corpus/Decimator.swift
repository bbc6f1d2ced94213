/// Halves a sample rate with a linear-phase low-pass FIR (Kaiser-windowed sinc).
///
/// FluidSynth resamples its 44.1 kHz soundfont samples without a low-pass
/// filter, so synthesising straight at 16 kHz folds everything above 8 kHz
/// back into the audible band (measured on FluidR3_GM: energy in 6–8 kHz
/// nearly doubled by aliasing). The renderer therefore synthesises at twice
/// the target rate and comes down through this filter: flat to about 7.1 kHz,
/// −6 dB at 7.6 kHz, better than −80 dB above 8.1 kHz (at a 16 kHz target).
public struct Decimator: Sendable {
    public let taps: [Float]

    /// `cutoff` as a fraction of the output Nyquist frequency.
    public init(length: Int = 191, cutoff: Double = 0.95, beta: Double = 8.6) {
        let m = Double(length - 1)
        let fc = cutoff / 4  // cycles per input sample: the output Nyquist is a quarter of the input rate
        var h = (0..<length).map { i -> Double in
            let x = Double(i) - m / 2
            let sinc = x == 0 ? 2 * fc : _sinD(2 * Double.pi * fc * x) / (Double.pi * x)
            let r = 2 * Double(i) / m - 1
            return sinc * Self.besselI0(beta * (1 - r * r).squareRoot()) / Self.besselI0(beta)
        }
        let sum = h.reduce(0, +)
        h = h.map { $0 / sum }  // unity gain at DC
        taps = h.map(Float.init)
    }

    /// Every other sample of `input` after filtering; output `i` is centred on input `2i`.
    public func decimate(_ input: [Float]) -> [Float] {
        let n = input.count / 2
        let half = taps.count / 2
        var out = [Float](repeating: 0, count: n)
        input.withUnsafeBufferPointer { x in
            taps.withUnsafeBufferPointer { h in
                out.withUnsafeMutableBufferPointer { y in
                    for i in 0..<n {
                        let centre = 2 * i
                        var acc: Float = 0
                        // Taps whose input sample exists: 0 ≤ centre + half − k < count.
                        let lo = max(0, centre + half - (x.count - 1)), hi = min(h.count, centre + half + 1)
                        var k = lo
                        while k < hi {
                            acc += h[k] * x[centre + half - k]
                            k += 1
                        }
                        y[i] = acc
                    }
                }
            }
        }
        return out
    }

    /// Modified Bessel function of the first kind, order 0 (power series).
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0
        var k = 1.0
        while term > 1e-12 * sum {
            term *= (x / (2 * k)) * (x / (2 * k))
            sum += term
            k += 1
        }
        return sum
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _sinD(_ x: Double) -> Double { Glibc.sin(x) }
#else
import Darwin
@inline(__always) func _sinD(_ x: Double) -> Double { Darwin.sin(x) }
#endif
