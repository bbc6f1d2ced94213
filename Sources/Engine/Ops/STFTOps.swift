extension Tensor {
    /// STFT magnitude of a batch of signals: `x` (B, L) → (B, T, nFFT/2+1) with
    /// T = 1 + L/hop centred frames (nFFT/2 zeros on both sides, periodic Hann),
    /// the framing of `Audio.STFT`. |X| = √(Re² + Im² + eps): eps keeps the gradient
    /// finite in silence.
    public static func stftMagnitude(_ x: Tensor, nFFT: Int, hop: Int, eps: Float = 1e-10) -> Tensor {
        require(x.rank == 2 && hop > 0, "stftMagnitude: input \(x.shape), hop \(hop)")
        let basis = SpectralBasis.shared(nFFT)
        let (batch, length) = (x.shape[0], x.shape[1])
        let n = nFFT, f = basis.bins, pad = n / 2, frames = 1 + length / hop, rows = batch * frames
        // (B·T, N) raw frames; the window lives in the basis.
        let framed = Tensor(uninitializedShape: [rows, n])
        let px = x.data, pf = framed.data
        Parallel.ranges(rows, grain: max(1, 16_384 / n)) { r in
            for row in r {
                let b = row / frames, start = (row % frames) * hop - pad
                let src = px + b * length, dst = pf + row * n
                let lo = max(0, -start), hi = min(n, length - start)
                guard hi > lo else { dst.update(repeating: 0, count: n); continue }
                dst.update(repeating: 0, count: lo)
                (dst + lo).update(from: src + start + lo, count: hi - lo)
                (dst + hi).update(repeating: 0, count: n - hi)
            }
        }
        // (B·T, 2F) = [Re | Im].
        let spec = Tensor(uninitializedShape: [rows, 2 * f])
        Gemm.run(m: rows, n: 2 * f, k: n, a: pf, lda: n, b: basis.analysis.data, ldb: 2 * f, c: spec.data, ldc: 2 * f, exact: true)
        let out = Tensor(uninitializedShape: [batch, frames, f])
        let ps = spec.data, pm = out.data
        Parallel.ranges(rows, grain: max(1, 16_384 / f)) { r in
            for row in r {
                VectorMath.zip(f, ps + row * 2 * f, ps + row * 2 * f + f, pm + row * f) { a, b in (a * a + b * b + eps).squareRoot() }
            }
        }
        return out.record("stftMagnitude", [x]) { out in
            let g = out.grad!.data, pm = out.data, ps = spec.data
            withScratch(rows * 2 * f) { gs in
                // ∂|X|/∂Re = Re/|X|, ∂|X|/∂Im = Im/|X|.
                Parallel.ranges(rows, grain: max(1, 16_384 / f)) { r in
                    for row in r {
                        let gr = g + row * f, m = pm + row * f, s = ps + row * 2 * f, d = gs + row * 2 * f
                        VectorMath.zip3(f, gr, m, s, d) { g, m, re in g * re / m }
                        VectorMath.zip3(f, gr, m, s + f, d + f) { g, m, im in g * im / m }
                    }
                }
                withScratch(rows * n) { gf in
                    Gemm.run(transB: true, m: rows, n: n, k: 2 * f, a: gs, lda: 2 * f, b: basis.analysis.data, ldb: 2 * f,
                             c: gf, ldc: n, exact: true)
                    // Overlap-add of the frames' gradients; one batch item per task, so no two write one sample.
                    let dx = x.gradData()
                    Parallel.forEach(batch) { b in
                        for t in 0..<frames {
                            let start = t * hop - pad
                            let lo = max(0, -start), hi = min(n, length - start)
                            guard hi > lo else { continue }
                            VectorMath.add(hi - lo, gf + (b * frames + t) * n + lo, into: dx + b * length + start + lo)
                        }
                    }
                }
            }
        }
    }

    /// Inverse STFT by windowed overlap-add: `spectrum` (B, T, 2·(nFFT/2+1)), each
    /// frame [Re | Im], → (B, (T − 1)·hop) samples. The inverse of `stftMagnitude`'s
    /// centred framing: the overlap-added frames divided by the summed squared window,
    /// with the first nFFT/2 samples (the centring pad) dropped, as `Audio.STFT.inverse`.
    public static func istft(_ spectrum: Tensor, nFFT: Int, hop: Int) -> Tensor {
        let basis = SpectralBasis.shared(nFFT)
        let n = nFFT, f = basis.bins, pad = n / 2
        require(spectrum.rank == 3 && spectrum.shape[2] == 2 * f && hop > 0 && hop <= n,
                "istft: spectrum \(spectrum.shape) for n_fft \(nFFT) (needs last axis \(2 * f)), hop \(hop)")
        let (batch, frames) = (spectrum.shape[0], spectrum.shape[1])
        require(frames >= 2, "istft: needs at least 2 frames, got \(frames)")
        let rows = batch * frames, length = (frames - 1) * hop, full = (frames - 1) * hop + n
        let env = basis.windowEnvelope(frames: frames, hop: hop)
        // 1/envelope over the kept samples; the envelope is ≥ w[N/2]² = 1 there for hop ≤ N/2.
        let inverseEnvelope = Tensor(uninitializedShape: [length])
        for i in 0..<length { let e = env[pad + i]; inverseEnvelope.data[i] = e > 1e-8 ? 1 / e : 0 }
        let out = Tensor(uninitializedShape: [batch, length])
        withScratch(rows * n) { pf in
            Gemm.run(m: rows, n: n, k: 2 * f, a: spectrum.data, lda: 2 * f, b: basis.synthesis.data, ldb: n, c: pf, ldc: n, exact: true)
            let py = out.data, pe = inverseEnvelope.data
            Parallel.forEach(batch) { b in
                withZeroedScratch(full) { acc in
                    for t in 0..<frames { VectorMath.add(n, pf + (b * frames + t) * n, into: acc + t * hop) }
                    VectorMath.zip(length, acc + pad, pe, py + b * length) { a, e in a * e }
                }
            }
        }
        return out.record("istft", [spectrum]) { out in
            let g = out.grad!.data, pe = inverseEnvelope.data
            withZeroedScratch(rows * n) { gf in
                // ∂y/∂frame[t, i] = 1/env at sample t·hop + i − pad when that sample is kept.
                Parallel.ranges(rows, grain: max(1, 16_384 / n)) { r in
                    for row in r {
                        let b = row / frames, start = (row % frames) * hop - pad
                        let lo = max(0, -start), hi = min(n, length - start)
                        guard hi > lo else { continue }
                        VectorMath.zip(hi - lo, g + b * length + start + lo, pe + start + lo, gf + row * n + lo) { g, e in g * e }
                    }
                }
                let ds = spectrum.gradData()
                Gemm.run(transB: true, m: rows, n: 2 * f, k: n, a: gf, lda: n, b: basis.synthesis.data, ldb: n,
                         beta: 1, c: ds, ldc: 2 * f, exact: true)
            }
        }
    }

    /// Log-magnitude and phase to a complex spectrum: `x` (…, 2F) = [log|X| | φ] →
    /// [|X|·cos φ | |X|·sin φ] with |X| = exp(min(log|X|, maxLogMagnitude)). The cap
    /// keeps an untrained head from overflowing (as Vocos clips |X| at 100).
    public func polarToComplex(maxLogMagnitude: Float = 4.6) -> Tensor {
        let last = shape.last ?? 0
        require(last % 2 == 0, "polarToComplex: last axis \(last) must hold log-magnitudes and phases")
        let f = last / 2, rows = count / max(last, 1)
        let out = Tensor(uninitializedShape: shape)
        let px = data, py = out.data, cap = maxLogMagnitude
        Parallel.ranges(rows, grain: max(1, 8192 / max(f, 1))) { r in
            for row in r {
                let l = px + row * 2 * f, p = l + f, re = py + row * 2 * f, im = re + f
                for k in 0..<f {
                    let m = expf(min(l[k], cap))
                    re[k] = m * cosf(p[k]); im[k] = m * sinf(p[k])
                }
            }
        }
        return out.record("polarToComplex", [self]) { out in
            let g = out.grad!.data, py = out.data, d = self.gradData()
            Parallel.ranges(rows, grain: max(1, 8192 / max(f, 1))) { r in
                for row in r {
                    let l = px + row * 2 * f, gre = g + row * 2 * f, gim = gre + f
                    let re = py + row * 2 * f, im = re + f, dl = d + row * 2 * f, dp = dl + f
                    for k in 0..<f {
                        // ∂Re/∂log|X| = Re, ∂Im/∂log|X| = Im (zero above the cap); ∂Re/∂φ = −Im, ∂Im/∂φ = Re.
                        if l[k] < cap { dl[k] += gre[k] * re[k] + gim[k] * im[k] }
                        dp[k] += gim[k] * re[k] - gre[k] * im[k]
                    }
                }
            }
        }
    }

    /// ln(max(x, floor)) element-wise; the gradient is zero where the floor applies.
    public func log(floor: Float) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let x = data, y = out.data
        Parallel.ranges(count, grain: 1 << 14) { r in for i in r { y[i] = logf(max(x[i], floor)) } }
        return out.record("log", [self]) { out in
            let g = out.grad!.data, d = self.gradData()
            Parallel.ranges(self.count, grain: 1 << 14) { r in for i in r where x[i] > floor { d[i] += g[i] / x[i] } }
        }
    }
}

import Foundation
