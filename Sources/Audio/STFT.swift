import CFFTW
import Engine
import Synchronization

/// Short-time Fourier transform with a periodic Hann window and centred frames
/// (n_fft/2 zeros on both sides), as librosa computes it; and its inverse by
/// windowed overlap-add.
///
/// FFTW plans are made once per size, under a lock (FFTW's planner is not
/// thread-safe); execution uses the new-array interface, which is, so frames
/// are transformed on all cores at once.
public final class STFT: @unchecked Sendable {
    public let nFFT: Int
    public let hop: Int
    public let window: [Float]
    private let forward: OpaquePointer
    private let backward: OpaquePointer

    private static let planner = Mutex<[Int: STFT]>([:])

    /// The shared transform for a size (plans are expensive; make them once).
    public static func shared(nFFT: Int, hop: Int) -> STFT {
        planner.withLock { cache in
            let key = nFFT << 20 | hop
            if let s = cache[key] { return s }
            let s = STFT(nFFT: nFFT, hop: hop)
            cache[key] = s
            return s
        }
    }

    private init(nFFT: Int, hop: Int) {
        self.nFFT = nFFT
        self.hop = hop
        window = (0..<nFFT).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(nFFT))) }
        let re = fftwf_alloc_real(nFFT)!, cx = fftwf_alloc_complex(nFFT / 2 + 1)!
        // FFTW_ESTIMATE: no timing runs, so the same plan (and the same bits) every time.
        forward = fftwf_plan_dft_r2c_1d(Int32(nFFT), re, cx, UInt32(FFTW_ESTIMATE))
        backward = fftwf_plan_dft_c2r_1d(Int32(nFFT), cx, re, UInt32(FFTW_ESTIMATE))
        fftwf_free(re); fftwf_free(cx)
    }

    public var bins: Int { nFFT / 2 + 1 }

    /// Number of centred frames for a signal of `length` samples.
    public func frameCount(_ length: Int) -> Int { 1 + length / hop }

    /// Complex spectrum, (T, bins) real and imaginary parts.
    public func spectrum(_ x: [Float]) -> (re: Tensor, im: Tensor) {
        let t = frameCount(x.count), f = bins, n = nFFT, pad = nFFT / 2
        let re = Tensor(uninitializedShape: [t, f]), im = Tensor(uninitializedShape: [t, f])
        let pr = re.data, pi = im.data
        x.withUnsafeBufferPointer { xb in
            let xs = xb.baseAddress!, len = xb.count
            Parallel.chunks(t, grain: 16) { _, frames in
                let buf = fftwf_alloc_real(n)!, out = fftwf_alloc_complex(f)!
                defer { fftwf_free(buf); fftwf_free(out) }
                for fr in frames {
                    let start = fr * hop - pad
                    for i in 0..<n {
                        let j = start + i
                        buf[i] = (j >= 0 && j < len) ? xs[j] * window[i] : 0
                    }
                    fftwf_execute_dft_r2c(forward, buf, out)
                    for k in 0..<f { pr[fr * f + k] = out[k].0; pi[fr * f + k] = out[k].1 }
                }
            }
        }
        return (re, im)
    }

    /// |X|², (T, bins).
    public func power(_ x: [Float]) -> Tensor {
        let (re, im) = spectrum(x)
        let out = Tensor(uninitializedShape: re.shape)
        VectorMath.zip(re.count, re.data, im.data, out.data) { a, b in a * a + b * b }
        return out
    }

    /// |X|, (T, bins).
    public func magnitude(_ x: [Float]) -> Tensor {
        let p = power(x)
        VectorMath.map(p.count, p.data, p.data) { $0.squareRoot() }
        return p
    }

    /// The signal of `length` samples whose centred STFT is closest to (re, im):
    /// windowed overlap-add divided by the summed squared window.
    public func inverse(re: Tensor, im: Tensor, length: Int) -> [Float] {
        let t = re.shape[0], f = bins, n = nFFT, pad = nFFT / 2
        let frames = Tensor(uninitializedShape: [t, n])
        let pf = frames.data, pr = re.data, pi = im.data
        let scale = 1 / Float(n)
        Parallel.chunks(t, grain: 16) { _, range in
            let buf = fftwf_alloc_complex(f)!, out = fftwf_alloc_real(n)!
            defer { fftwf_free(buf); fftwf_free(out) }
            for fr in range {
                for k in 0..<f { buf[k] = (pr[fr * f + k], pi[fr * f + k]) }
                fftwf_execute_dft_c2r(backward, buf, out)
                for i in 0..<n { pf[fr * n + i] = out[i] * scale * window[i] }
            }
        }
        let full = (t - 1) * hop + n
        var y = [Float](repeating: 0, count: full), wsum = [Float](repeating: 0, count: full)
        for fr in 0..<t {
            let o = fr * hop
            for i in 0..<n { y[o + i] += pf[fr * n + i]; wsum[o + i] += window[i] * window[i] }
        }
        var out = [Float](repeating: 0, count: length)
        for i in 0..<length where pad + i < full {
            let w = wsum[pad + i]
            out[i] = w > 1e-8 ? y[pad + i] / w : 0
        }
        return out
    }
}

import Foundation
