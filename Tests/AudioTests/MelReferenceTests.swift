import Audio
import Engine
import EngineTestSupport
import Foundation
import Testing

/// The mel filterbank and log-mel against librosa's (Tests/Fixtures/audio).
@Suite struct MelReferenceTests {
    struct Reference {
        let filterbank: [Float]
        let melPower: [Float]
        let logMel: [Float]
        let frames: Int
        let signal: [Float]
    }

    func load() throws -> Reference {
        let dir = Fixtures.reference.appendingPathComponent("audio")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("mel_reference.json"))) as! [String: Any]
        func floats(_ key: String) -> [Float] { (json[key] as! [Any]).flatMap { ($0 as? [Any]) ?? [$0] }.map { Float(($0 as! NSNumber).doubleValue) } }
        let (clip, _, _) = try AudioFile.read(dir.appendingPathComponent("test_signal.wav").path)
        return Reference(filterbank: floats("mel_filterbank"), melPower: floats("mel_power"),
                         logMel: floats("log_mel_natural_clamped_1e-10"), frames: json["power_spectrogram_frames"] as! Int,
                         signal: clip.samples)
    }

    @Test func filterbankMatchesLibrosa() throws {
        let ref = try load()
        let fb = MelFilterbank.make(SpectrogramConfig()).toArray()
        #expect(fb.count == 80 * 513 && ref.filterbank.count == fb.count)
        var worst: Float = 0
        for (a, b) in zip(fb, ref.filterbank) where abs(b) > 1e-7 { worst = max(worst, abs(a - b) / abs(b)) }
        #expect(worst < 1e-4, "worst relative error \(worst)")
        #expect(zip(fb, ref.filterbank).allSatisfy { ($0 == 0) == ($1 == 0) || abs($0 - $1) < 1e-9 })
    }

    @Test func logMelMatchesLibrosa() throws {
        let ref = try load()
        #expect(ref.signal.count == 16_000)
        // The signal's formula, to check the WAV reader too.
        let i = 1234, t = Double(i) / 16000
        let x = 0.5 * sin(2 * .pi * 440 * t) + 0.25 * sin(2 * .pi * 1234.5 * t) + 0.2 * sin(2 * .pi * (200 * t + 0.5 * 2800 * t * t))
        #expect(abs(Double(ref.signal[i]) - x) < 1e-6)
        var config = SpectrogramConfig()
        config.logFloor = 1e-10
        let mel = MelSpectrogram(config)
        let power = mel.melPower(ref.signal)
        #expect(power.shape == [ref.frames, 80])
        // The reference is (80, frames); ours is (frames, 80).
        var worstPower: Float = 0, worstLog: Float = 0
        let log = mel.logMel(ref.signal)
        for m in 0..<80 {
            for f in 0..<ref.frames {
                let r = ref.melPower[m * ref.frames + f], v = power[f, m]
                // The reference README's rule: compare values above 1e-6 (below that, float32 FFT noise dominates).
                guard r > 1e-6 else { continue }
                worstPower = max(worstPower, abs(v - r) / r)
                worstLog = max(worstLog, abs(log[f, m] - ref.logMel[m * ref.frames + f]))
            }
        }
        #expect(worstPower < 1e-3, "mel power relative error \(worstPower)")
        #expect(worstLog < 1e-3, "log-mel absolute error \(worstLog)")
    }

    @Test func normalisationInvertsExactly() throws {
        let ref = try load()
        let mel = MelSpectrogram()
        let x = mel.normalized(ref.signal)
        let back = mel.melPower(fromNormalized: x)
        let direct = mel.melPower(ref.signal)
        for i in 0..<direct.count where direct.data[i] > 1e-4 {
            #expect(abs(back.data[i] - direct.data[i]) <= 1e-4 * direct.data[i])
        }
        // Out-of-range model output is clamped, never infinite.
        let wild = mel.melPower(fromNormalized: Tensor([-50, 50, .nan], shape: [1, 3]))
        #expect(wild.toArray()[0] > 0 && wild.toArray()[1].isFinite)
        let values = x.toArray()
        #expect(values.min()! >= -1.01 && values.max()! <= 1.0, "full-scale tones stay within [−1, 1]")
    }
}
