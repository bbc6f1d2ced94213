import Engine
import EngineTestSupport
import Testing

/// Finite-difference checks and reference values for the vocoder's operations:
/// depthwise convolution, STFT magnitude, inverse STFT, polar spectra, clamped log.
@Suite struct SpectralGradientTests {
    func expectGradients(_ inputs: [Tensor], check: GradientCheck = GradientCheck(), _ f: () -> Tensor) {
        let r = check.run(inputs, f)
        #expect(r.passed, "\(r)")
    }

    /// y[b, o, c] = bias[c] + Σ_t w[c, t]·x[b, o + t − padLeft, c], written out.
    func naiveDepthwise(_ x: Tensor, _ w: Tensor, _ bias: Tensor, padLeft: Int, padRight: Int) -> [Float] {
        let (batch, length, c) = (x.shape[0], x.shape[1], x.shape[2]), k = w.shape[1]
        let lout = length + padLeft + padRight - k + 1
        var y = [Float](repeating: 0, count: batch * lout * c)
        for b in 0..<batch { for o in 0..<lout { for ch in 0..<c {
            var s = bias[ch]
            for t in 0..<k where o + t - padLeft >= 0 && o + t - padLeft < length { s += w[ch, t, 0] * x[b, o + t - padLeft, ch] }
            y[(b * lout + o) * c + ch] = s
        } } }
        return y
    }

    @Test func depthwiseConvMatchesTheDefinitionAndItsGradients() {
        let x = param([2, 11, 20], seed: 40), w = param([20, 7, 1], seed: 41), b = param([20], seed: 42)
        for (pl, pr) in [(3, 3), (6, 0), (0, 0), (1, 4)] {
            let y = Tensor.depthwiseConv1d(x, weight: w, bias: b, padLeft: pl, padRight: pr)
            #expect(maxAbsDifference(y.toArray(), naiveDepthwise(x, w, b, padLeft: pl, padRight: pr)) < 1e-5)
            expectGradients([x, w, b]) { Tensor.depthwiseConv1d(x, weight: w, bias: b, padLeft: pl, padRight: pr) }
        }
        // conv1d with groups = channels takes the same path.
        let viaConv = Tensor.conv1d(x, weight: w, bias: b, .init(padding: 3, groups: 20))
        #expect(maxAbsDifference(viaConv.toArray(), naiveDepthwise(x, w, b, padLeft: 3, padRight: 3)) < 1e-5)
        expectGradients([x, w]) { Tensor.depthwiseConv1d(x, weight: w, padLeft: 3, padRight: 3) }
    }

    @Test func stftMagnitudeGradients() {
        let x = param([2, 40], seed: 43)
        expectGradients([x], check: GradientCheck(eps: 1e-3)) { Tensor.stftMagnitude(x, nFFT: 16, hop: 4) }
        expectGradients([x], check: GradientCheck(eps: 1e-3)) { Tensor.stftMagnitude(x, nFFT: 8, hop: 8) }
    }

    @Test func stftMagnitudeOfASineHasItsPeakWhereExpected() {
        // A sine on bin 8 of a 64-point frame: |X| = A·N/4 at that bin for the periodic Hann window.
        let n = 64, x = Tensor((0..<512).map { Float(0.5 * sin(2 * Double.pi * 8 * Double($0) / Double(n))) }, shape: [1, 512])
        let m = Tensor.stftMagnitude(x, nFFT: n, hop: 16)
        #expect(m.shape == [1, 33, 33])
        #expect(abs(m[0, 16, 8] - 0.5 * Float(n) / 4) < 1e-3)
        #expect(m[0, 16, 12] < 1e-3)
    }

    @Test func istftGradients() {
        let s = param([2, 5, 18], seed: 44)
        expectGradients([s]) { Tensor.istft(s, nFFT: 16, hop: 4) }
        expectGradients([s]) { Tensor.istft(s, nFFT: 16, hop: 8) }
    }

    @Test func polarToComplexGradients() {
        var rng = SeededGenerator(seed: 45)
        let x = Tensor.uniform([3, 4, 10], low: -2, high: 2, using: &rng, requiresGrad: true)
        expectGradients([x]) { x.polarToComplex() }
        // Above the cap the magnitude is constant: no gradient to the log-magnitude.
        let big = Tensor([6, 0.5], shape: [1, 2], requiresGrad: true)
        expectGradients([big]) { big.polarToComplex(maxLogMagnitude: 4) }
    }

    @Test func clampedLogGradients() {
        var rng = SeededGenerator(seed: 46)
        let x = Tensor.uniform([4, 9], low: 0.2, high: 3, using: &rng, requiresGrad: true)
        expectGradients([x]) { x.log(floor: 1e-5) }
        let y = Tensor([1e-7, 2], shape: [2]).log(floor: 1e-5)
        #expect(abs(y[0] - logf(1e-5)) < 1e-6 && abs(y[1] - logf(2)) < 1e-6)
    }

    @Test func stftThenIstftOfASpectrumIsTheIdentityOnSignals() {
        // istft(stft-as-complex(x)) = x: the synthesis basis inverts the analysis basis.
        let x = param([2, 96], seed: 47)
        let mag = Tensor.stftMagnitude(x, nFFT: 32, hop: 8)
        #expect(mag.shape == [2, 13, 17])
        // The complex spectrum through the polar op from the magnitude alone cannot be
        // checked here (phases are lost); AudioTests compare both ways against FFTW.
        let zeros = Tensor.zeros([2, 13, 34])
        #expect(Tensor.istft(zeros, nFFT: 32, hop: 8).shape == [2, 96])
    }
}

import Foundation
