import Foundation
import Synchronization

/// Fixed real DFT matrices with a periodic Hann window folded in, one pair per FFT
/// size, for the differentiable spectral operations (`stftMagnitude`, `istft`).
///
/// A DFT as a GEMM costs N·(N+2) multiply-adds per frame instead of an FFT's
/// N log N, but it runs at the GEMM's full speed on every core and its adjoint is the
/// same matrix transposed, so forward and backward are one GEMM each and the
/// engine keeps no FFT library of its own.
final class SpectralBasis: @unchecked Sendable {
    let nFFT: Int
    /// nFFT / 2 + 1.
    let bins: Int
    let window: [Float]
    /// (nFFT, 2·bins): a frame times this is [Re | Im] of the windowed frame's DFT.
    let analysis: Tensor
    /// (2·bins, nFFT): [Re | Im] times this is the windowed inverse real DFT
    /// (1/N scaling, interior bins counted twice for their conjugates) — FFTW's c2r.
    let synthesis: Tensor

    private static let cache = Mutex<[Int: SpectralBasis]>([:])

    /// The basis for `nFFT` (made once; read-only afterwards).
    static func shared(_ nFFT: Int) -> SpectralBasis {
        cache.withLock { c in
            if let b = c[nFFT] { return b }
            let b = SpectralBasis(nFFT)
            c[nFFT] = b
            return b
        }
    }

    private init(_ n: Int) {
        require(n >= 2 && n % 2 == 0, "spectral basis: n_fft \(n) must be even")
        nFFT = n
        bins = n / 2 + 1
        window = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
        let f = bins
        analysis = Tensor(uninitializedShape: [n, 2 * f])
        synthesis = Tensor(uninitializedShape: [2 * f, n])
        let pa = analysis.data, ps = synthesis.data
        for i in 0..<n {
            for k in 0..<f {
                // (k·i) mod N keeps the angle exact in Double for every size.
                let theta = 2 * Double.pi * Double((k * i) % n) / Double(n)
                let c = cos(theta), s = sin(theta), w = Double(window[i])
                pa[i * 2 * f + k] = Float(w * c)
                pa[i * 2 * f + f + k] = Float(-w * s)
                let weight = (k == 0 || k == n / 2 ? 1.0 : 2.0) / Double(n)
                ps[k * n + i] = Float(weight * c * w)
                ps[(f + k) * n + i] = Float(-weight * s * w)
            }
        }
    }

    /// Σ_t w[j − t·hop]² for j over the full overlap-added length of `frames` frames.
    func windowEnvelope(frames: Int, hop: Int) -> [Float] {
        var env = [Float](repeating: 0, count: (frames - 1) * hop + nFFT)
        for t in 0..<frames { for i in 0..<nFFT { env[t * hop + i] += window[i] * window[i] } }
        return env
    }
}
