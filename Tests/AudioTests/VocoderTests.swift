import Audio
import Engine
import EngineTestSupport
import Foundation
import Imaging
import Testing

@Suite struct VocoderTests {
    /// A harmonic tone with vibrato and a second voice: music-like, not a pure sine.
    func tone(seconds: Double = 2) -> AudioClip {
        let n = Int(seconds * 16_000)
        let s = (0..<n).map { i -> Float in
            let t = Double(i) / 16_000
            let f0 = 220 * (1 + 0.01 * sin(2 * .pi * 5 * t))
            var v = 0.0
            for h in 1...6 { v += sin(2 * .pi * f0 * Double(h) * t) / Double(h) }
            v += 0.5 * sin(2 * .pi * 660 * t) * (t.truncatingRemainder(dividingBy: 0.5) < 0.25 ? 1 : 0)
            return Float(0.2 * v)
        }
        return AudioClip(samples: s, sampleRate: 16_000)
    }

    @Test func inverseSTFTReconstructsTheSignal() {
        let x = tone(seconds: 1).samples
        let stft = STFT.shared(nFFT: 1024, hop: 256)
        let (re, im) = stft.spectrum(x)
        #expect(re.shape == [63, 513])
        let y = stft.inverse(re: re, im: im, length: x.count)
        #expect(maxAbsDifference(x, y) < 1e-5)
    }

    @Test func nnlsInversionIsNonNegativeAndFitsBetterThanThePseudoInverse() {
        let analysis = MelSpectrogram()
        let mel = analysis.melPower(tone(seconds: 1).samples)
        var residuals: [MelInversion: Double] = [:]
        for inv in MelInversion.allCases {
            let lin = inv.linearPower(mel, filterbank: analysis.filterbank)
            #expect(lin.toArray().allSatisfy { $0 >= 0 })
            let back = noGrad { Tensor.matmul(lin, analysis.filterbank, transposeB: true) }
            residuals[inv] = SpectralMetrics.spectralConvergence(mel, back)
        }
        #expect(residuals[.nnls]! < residuals[.pseudoInverse]!, "\(residuals)")
        #expect(residuals[.nnls]! < 0.05)
    }

    @Test func roundTripQualityOnAHarmonicTone() {
        let (r, rebuilt) = RoundTrip.measure(tone(), vocoder: Vocoder())
        #expect(rebuilt.samples.count == 32_000)
        // Measured on this tone: SC 0.195, mel SC 0.087, mel LSD 4.2 dB (the near-empty bands
        // between harmonics dominate the log distance). Bounds sit just above, to catch regressions.
        #expect(r.spectralConvergence < 0.25, "\(r)")
        #expect(r.melSpectralConvergence < 0.12, "\(r)")
        #expect(r.melLogSpectralDistance < 5, "\(r)")
        // Momentum helps: the classic algorithm with the same budget is no better.
        let (classic, _) = RoundTrip.measure(tone(), vocoder: Vocoder(griffinLim: GriffinLim(iterations: 32, momentum: 0)))
        #expect(r.spectralConvergence <= classic.spectralConvergence * 1.05, "fast \(r.spectralConvergence) classic \(classic.spectralConvergence)")
    }

    @Test func griffinLimIsDeterministicForASeed() {
        let analysis = MelSpectrogram()
        let mel = analysis.melPower(tone(seconds: 0.5).samples)
        let a = Vocoder(griffinLim: GriffinLim(iterations: 4, seed: 1)).audio(fromMelPower: mel, analysis: analysis)
        let b = Vocoder(griffinLim: GriffinLim(iterations: 4, seed: 1)).audio(fromMelPower: mel, analysis: analysis)
        let c = Vocoder(griffinLim: GriffinLim(iterations: 4, seed: 2)).audio(fromMelPower: mel, analysis: analysis)
        #expect(a.samples == b.samples && a.samples != c.samples)
    }

    @Test func spectrogramPictureIsAValidPNG() throws {
        let dir = Fixtures.temporaryFolder("png")
        let path = dir.appendingPathComponent("mel.png").path
        try SpectrogramPicture.write(tone(seconds: 1), to: path)
        let d = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(d[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func be32(_ i: Int) -> Int { Int(d[i]) << 24 | Int(d[i + 1]) << 16 | Int(d[i + 2]) << 8 | Int(d[i + 3]) }
        #expect(be32(16) == 63 * 2 && be32(20) == 80 * 3)
        // Walk the chunks, checking each CRC with a bitwise CRC-32 independent of the encoder's table.
        var i = 8, types: [String] = []
        while i < d.count {
            let len = be32(i), type = String(decoding: d[(i + 4)..<(i + 8)], as: UTF8.self)
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in d[(i + 4)..<(i + 8 + len)] {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
            }
            #expect(UInt32(be32(i + 8 + len)) == ~crc, "CRC of \(type)")
            types.append(type)
            i += 12 + len
        }
        #expect(types == ["IHDR", "IDAT", "IEND"])
        // The harmonic's band is brighter than the empty top band.
        let canvas = SpectrogramPicture.render(MelSpectrogram().logMel(tone(seconds: 1).samples))
        let low = canvas.get(60, 240 - 3 * 12), high = canvas.get(60, 1)
        #expect(Int(low.r) + Int(low.g) > Int(high.r) + Int(high.g))
    }
}

@Suite struct GriffinLimLengthTests {
    /// A frame count that does not match the requested length (a model's latent frames
    /// rarely do) must still give a deterministic clip of exactly that length.
    @Test func anyRequestedLengthIsHonouredDeterministically() {
        var rng = SeededGenerator(seed: 3)
        let mag = Tensor.uniform([96, 513], low: 0, high: 10, using: &rng)
        let stft = STFT.shared(nFFT: 1024, hop: 256)
        for length in [24_000, 24_320, 30_000, 100] {
            let a = GriffinLim(iterations: 3, seed: 1).reconstruct(mag, stft: stft, length: length)
            let b = GriffinLim(iterations: 3, seed: 1).reconstruct(mag, stft: stft, length: length)
            #expect(a.count == length && a == b)
        }
    }
}
