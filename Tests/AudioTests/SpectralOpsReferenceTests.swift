import Audio
import Engine
import EngineTestSupport
import Foundation
import Testing

/// The engine's differentiable STFT magnitude and inverse STFT (DFT as GEMM) against
/// the FFTW transforms of `Audio.STFT`, at the product's and the loss's sizes.
@Suite struct SpectralOpsReferenceTests {
    func music(_ n: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { i in
            let t = Double(i) / 16_000
            return Float(0.2 * sin(2 * .pi * 220 * t) + 0.1 * sin(2 * .pi * 1_337 * t)) + 0.02 * (rng.nextUniform() - 0.5)
        }
    }

    @Test(arguments: [(512, 128), (1024, 256), (2048, 512)])
    func stftMagnitudeMatchesFFTW(size: (Int, Int)) {
        let x = music(8_000, seed: 1)
        let reference = STFT.shared(nFFT: size.0, hop: size.1).magnitude(x)
        let ours = noGrad { Tensor.stftMagnitude(Tensor(x, shape: [1, x.count]), nFFT: size.0, hop: size.1, eps: 0) }
        #expect(ours.shape == [1] + reference.shape)
        let peak = reference.toArray().max()!
        #expect(maxAbsDifference(ours.toArray(), reference.toArray()) < 2e-5 * peak)
    }

    @Test func istftInvertsTheFFTWSpectrum() {
        let x = music(16_000, seed: 2)
        let stft = STFT.shared(nFFT: 1024, hop: 256)
        let (re, im) = stft.spectrum(x)
        let t = re.shape[0]
        let spec = Tensor.concat([re, im], axis: 1).reshaped([1, t, 2 * stft.bins])
        let y = noGrad { Tensor.istft(spec, nFFT: 1024, hop: 256) }
        // (T − 1)·hop samples: the length whose centred STFT has exactly T frames.
        #expect(y.shape == [1, (t - 1) * 256])
        #expect(maxAbsDifference(y.toArray(), Array(x.prefix((t - 1) * 256))) < 1e-5)
        let fftw = stft.inverse(re: re, im: im, length: (t - 1) * 256)
        #expect(maxAbsDifference(y.toArray(), fftw) < 1e-5)
    }
}
