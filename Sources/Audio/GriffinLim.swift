import Engine
import Foundation

/// Phase reconstruction from a magnitude spectrogram: fast Griffin-Lim
/// (Perraudin et al. 2013), the momentum form librosa uses.
public struct GriffinLim: Sendable {
    public var iterations: Int
    public var momentum: Float
    public var seed: UInt64

    public init(iterations: Int = 32, momentum: Float = 0.99, seed: UInt64 = 0) {
        self.iterations = iterations
        self.momentum = momentum
        self.seed = seed
    }

    /// A signal of `length` samples whose STFT magnitude approximates `magnitude` (T, bins).
    ///
    /// The iterations run at (T − 1)·hop samples, the length whose centred STFT has
    /// exactly T frames, and the result is then cut or zero-padded to `length`.
    public func reconstruct(_ magnitude: Tensor, stft: STFT, length: Int) -> [Float] {
        let n = magnitude.count
        let frames = magnitude.shape[0]
        let inner = (frames - 1) * stft.hop
        let mag = magnitude.data
        // Random initial phases, seeded.
        var rng = SeededGenerator(seed: seed)
        let re = Tensor(uninitializedShape: magnitude.shape), im = Tensor(uninitializedShape: magnitude.shape)
        for i in 0..<n {
            let phi = 2 * Float.pi * rng.nextUniform()
            re.data[i] = cosf(phi); im.data[i] = sinf(phi)
        }
        var prevRe = Tensor.zeros(magnitude.shape), prevIm = Tensor.zeros(magnitude.shape)
        let k = momentum / (1 + momentum)
        var signal = [Float]()
        for it in 0..<max(iterations, 1) {
            // Impose the target magnitude on the current phase estimate.
            let cr = Tensor(uninitializedShape: magnitude.shape), ci = Tensor(uninitializedShape: magnitude.shape)
            VectorMath.zip(n, mag, re.data, cr.data) { $0 * $1 }
            VectorMath.zip(n, mag, im.data, ci.data) { $0 * $1 }
            signal = stft.inverse(re: cr, im: ci, length: inner)
            if it == iterations - 1 { break }
            let (rr, ri) = stft.spectrum(signal)
            require(rr.shape == magnitude.shape, "Griffin-Lim: re-analysis gave \(rr.shape), expected \(magnitude.shape)")
            // angles = rebuilt − k · previous, then unit modulus.
            for i in 0..<n {
                let a = rr.data[i] - k * prevRe.data[i], b = ri.data[i] - k * prevIm.data[i]
                let norm = (a * a + b * b).squareRoot() + 1e-16
                re.data[i] = a / norm; im.data[i] = b / norm
            }
            prevRe = rr; prevIm = ri
        }
        if signal.count > length { return Array(signal.prefix(length)) }
        return signal + [Float](repeating: 0, count: length - signal.count)
    }
}
