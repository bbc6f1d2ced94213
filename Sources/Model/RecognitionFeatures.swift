import Engine
import NN

/// What the concept classifier looks at in one window of normalised log-mel.
///
/// Several kinds exist so that the choice is made by held-out accuracy rather than
/// by taste (`dreamstyler pretrain classifier --features all` trains each and keeps
/// the best on a validation split). Every kind is computed without gradients: the
/// classifier trains only its own head, the evaluator stays frozen.
public enum RecognitionFeatures: String, Codable, Sendable, CaseIterable {
    /// The evaluator's unit-length audio embedding (256): what Audio Alignment compares.
    case embedding
    /// Mean and standard deviation over time of the evaluator's last convolution stage
    /// (after its GroupNorm and SiLU, before pooling and projection), 2 × 256: the
    /// projection was trained for captions and may drop timbre detail the classes need.
    case pooled
    /// Mean and standard deviation per mel band over the window, and the mean absolute
    /// frame-to-frame change per band (3 × 80): features of its own, no evaluator.
    case melStats = "mel-stats"
    /// `pooled` and `melStats` side by side.
    case pooledMelStats = "pooled+mel-stats"
    /// Mean and standard deviation over time after the evaluator's input convolution and after
    /// each of its stages, then `pooled` (2 × (128 + 128 + 192 + 256 + 256) with the shipped
    /// sizes): the early layers still hold spectral detail (a lead's timbre) that pooling the
    /// last stage alone averages away.
    case stages

    /// Whether the kind needs the evaluator's weights.
    public var needsEvaluator: Bool { self != .melStats }

    /// Features of a batch of windows (B, T, mels) → (B, F). `evaluator` may be nil for `melStats`.
    public func compute(_ windows: Tensor, evaluator: Evaluator?) -> Tensor {
        noGrad {
            switch self {
            case .embedding:
                return evaluator!.embedAudio(windows)
            case .pooled:
                return RecognitionFeatures.pooled(windows, evaluator: evaluator!)
            case .melStats:
                return RecognitionFeatures.melStatistics(windows)
            case .pooledMelStats:
                return Tensor.concat([RecognitionFeatures.pooled(windows, evaluator: evaluator!),
                                      RecognitionFeatures.melStatistics(windows)], axis: 1)
            case .stages:
                return RecognitionFeatures.stages(windows, evaluator: evaluator!)
            }
        }
    }

    /// (B, T, mels) → (B, 2C): mean and standard deviation over time of the evaluator's last stage.
    static func pooled(_ windows: Tensor, evaluator ev: Evaluator) -> Tensor {
        var h = ev.audioIn(windows)
        for s in ev.audioStages.items { h = s(h) }
        return meanAndDeviation(ev.audioNorm(h).silu())
    }

    /// (B, T, mels) → (B, 2·ΣC): mean and deviation after the input convolution, after each stage, and `pooled`.
    static func stages(_ windows: Tensor, evaluator ev: Evaluator) -> Tensor {
        var h = ev.audioIn(windows)
        var parts = [meanAndDeviation(h)]
        for s in ev.audioStages.items {
            h = s(h)
            parts.append(meanAndDeviation(h))
        }
        parts.append(meanAndDeviation(ev.audioNorm(h).silu()))
        return Tensor.concat(parts, axis: 1)
    }

    /// (B, T, mels) → (B, 3·mels): per-band mean, standard deviation and mean |Δ| over time.
    static func melStatistics(_ windows: Tensor) -> Tensor {
        let (b, t, m) = (windows.shape[0], windows.shape[1], windows.shape[2])
        let out = Tensor(uninitializedShape: [b, 3 * m])
        let x = windows.data, o = out.data
        for i in 0..<b {
            let base = x + i * t * m, row = o + i * 3 * m
            for k in 0..<m {
                var s = 0.0, ss = 0.0, d = 0.0
                for f in 0..<t {
                    let v = Double(base[f * m + k])
                    s += v; ss += v * v
                    if f > 0 { d += abs(v - Double(base[(f - 1) * m + k])) }
                }
                let mean = s / Double(t)
                row[k] = Float(mean)
                row[m + k] = Float(max(ss / Double(t) - mean * mean, 0).squareRoot())
                row[2 * m + k] = Float(d / Double(max(t - 1, 1)))
            }
        }
        return out
    }

    /// (B, T, C) → (B, 2C): mean over T, then standard deviation over T.
    static func meanAndDeviation(_ h: Tensor) -> Tensor {
        let (b, t, c) = (h.shape[0], h.shape[1], h.shape[2])
        let out = Tensor.zeros([b, 2 * c])
        let x = h.data, o = out.data
        for i in 0..<b {
            let row = o + i * 2 * c
            for f in 0..<t {
                let frame = x + (i * t + f) * c
                for k in 0..<c { row[k] += frame[k]; row[c + k] += frame[k] * frame[k] }
            }
            for k in 0..<c {
                let mean = row[k] / Float(t)
                row[k] = mean
                row[c + k] = max(row[c + k] / Float(t) - mean * mean, 0).squareRoot()
            }
        }
        return out
    }
}
