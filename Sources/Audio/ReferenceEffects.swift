import Foundation

/// Small, seeded changes to a reference recording that leave its instrument or genre what it
/// is — a brighter or darker tilt, a little noise, a short room — so that a learned concept
/// holds the sound and not one recording's microphone and room (issue 14's augmentation).
public enum ReferenceEffect: String, CaseIterable, Sendable {
    /// +3 dB above ~1.5 kHz against below.
    case bright
    /// −3 dB above ~1.5 kHz against below.
    case dark
    /// White noise 30 dB below the signal's RMS.
    case noise
    /// A short Schroeder room (RT60 about 0.4 s), 20 % wet.
    case room

    /// `samples` at `sampleRate` with the effect applied; `seed` picks the noise.
    public func apply(_ samples: [Float], sampleRate: Int, seed: UInt64 = 0) -> [Float] {
        switch self {
        case .bright: return Self.tilt(samples, sampleRate: sampleRate, decibels: 3)
        case .dark: return Self.tilt(samples, sampleRate: sampleRate, decibels: -3)
        case .noise: return Self.noise(samples, belowRMS: 30, seed: seed)
        case .room: return Self.room(samples, sampleRate: sampleRate, wet: 0.2)
        }
    }

    /// Splits at a one-pole low-pass (1.5 kHz) and scales the highs by `decibels` against the lows,
    /// each side by half, so loudness stays about where it was.
    static func tilt(_ x: [Float], sampleRate: Int, decibels: Float) -> [Float] {
        let a = expf(-2 * .pi * 1500 / Float(sampleRate))
        let high = powf(10, decibels / 40), low = 1 / high
        var lp: Float = 0
        var out = [Float](repeating: 0, count: x.count)
        for i in x.indices {
            lp = (1 - a) * x[i] + a * lp
            out[i] = low * lp + high * (x[i] - lp)
        }
        return out
    }

    static func noise(_ x: [Float], belowRMS decibels: Float, seed: UInt64) -> [Float] {
        guard !x.isEmpty else { return x }
        let rms = sqrtf(x.reduce(0) { $0 + $1 * $1 } / Float(x.count))
        // Uniform noise on [-1, 1] has RMS 1/√3.
        let amplitude = rms * powf(10, -decibels / 20) * sqrtf(3)
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        return x.map { v in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Float(state >> 40) / Float(1 << 24) * 2 - 1
            return v + amplitude * u
        }
    }

    /// Four parallel feedback combs into two all-passes (Schroeder 1962), delays scaled from 44.1 kHz.
    static func room(_ x: [Float], sampleRate: Int, wet: Float) -> [Float] {
        let scale = Double(sampleRate) / 44_100
        let combs = [1557, 1617, 1491, 1422].map { max(1, Int(Double($0) * scale)) }
        let allpasses = [225, 556].map { max(1, Int(Double($0) * scale)) }
        // Feedback for an RT60 of 0.4 s: g = 10^(−3·delay / (RT60·rate)).
        let rt60: Float = 0.4
        var sum = [Float](repeating: 0, count: x.count)
        for d in combs {
            let g = powf(10, -3 * Float(d) / (rt60 * Float(sampleRate)))
            var line = [Float](repeating: 0, count: d)
            var j = 0
            for i in x.indices {
                let y = line[j]
                line[j] = x[i] + g * y
                sum[i] += y / Float(combs.count)
                j = j + 1 == d ? 0 : j + 1
            }
        }
        for d in allpasses {
            let g: Float = 0.5
            var line = [Float](repeating: 0, count: d)
            var j = 0
            for i in sum.indices {
                let delayed = line[j]
                let v = sum[i] + g * delayed
                line[j] = v
                sum[i] = delayed - g * v
                j = j + 1 == d ? 0 : j + 1
            }
        }
        return zip(x, sum).map { (1 - wet) * $0 + wet * $1 }
    }
}
