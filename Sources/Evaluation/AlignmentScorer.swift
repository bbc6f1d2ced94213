import Audio
import Engine
import Foundation
import Model
import Text

/// The paper's evaluation protocol (§5.1) with the product's evaluator in place of CLAP.
///
/// - Audio Alignment: cosine between the evaluator embeddings of generated clips and
///   of the concept's held-out evaluation audio (mean over generated clips).
/// - Text Alignment: cosine between the mean embedding of the clips generated for a
///   prompt and the text embedding of that prompt *without* the identifier.
/// - ΔAudio Alignment: the spread (max − min) of per-concept Audio Alignment when
///   several concepts are generated together; lower is better.
/// Scores are reported ×100, as in the paper.
public final class AlignmentScorer {
    public let evaluator: Evaluator
    public let text: TextEncoder
    public let analysis: MelSpectrogram
    /// Evaluator window in mel frames (4.1 s); longer audio is embedded window by window and averaged.
    public let window: Int

    public init(evaluator: Evaluator, text: TextEncoder, config: ModelConfiguration, window: Int = 256) {
        self.evaluator = evaluator
        self.text = text
        analysis = MelSpectrogram(config.spectrogram)
        self.window = window
    }

    /// A unit-length embedding of a clip: the mean of its windows' embeddings, renormalised.
    public func embed(_ clip: AudioClip) -> [Float] {
        let mel = analysis.normalized(clip.normalized(.rms(-20)).samples)
        let t = mel.shape[0], m = mel.shape[1]
        let silence = analysis.config.normalizedSilence
        let count = max(1, t / window)
        let x = Tensor.full([count, window, m], silence)
        for w in 0..<count {
            let take = min(window, t - w * window)
            (x.data + w * window * m).update(from: mel.data + w * window * m, count: take * m)
        }
        let e = noGrad { evaluator.embedAudio(x) }
        return AlignmentScorer.unit(AlignmentScorer.meanRows(e))
    }

    /// The unit-length embedding of a caption (identifier tokens must be removed first).
    public func embed(text prompt: String) throws -> [Float] {
        let encoded = try noGrad { try text.encode([prompt]) }
        let e = noGrad { evaluator.embedText(encoded.meanPooled()) }
        return e.toArray()
    }

    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var ab = 0.0, aa = 0.0, bb = 0.0
        for (x, y) in zip(a, b) { ab += Double(x * y); aa += Double(x * x); bb += Double(y * y) }
        return ab / max((aa * bb).squareRoot(), 1e-12)
    }

    static func meanRows(_ t: Tensor) -> [Float] {
        let (n, d) = (t.shape[0], t.shape[1])
        var out = [Float](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { out[j] += t[i, j] / Float(n) } }
        return out
    }

    static func unit(_ v: [Float]) -> [Float] {
        let n = max(v.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
        return v.map { $0 / n }
    }

    /// Audio Alignment ×100: mean over `generated` of cos(embedding, mean embedding of `reference`).
    public func audioAlignment(generated: [[Float]], reference: [[Float]]) -> Double {
        let ref = AlignmentScorer.unit(zip(0..<reference[0].count, reference[0]).map { j, _ in reference.reduce(0) { $0 + $1[j] } })
        return 100 * generated.map { AlignmentScorer.cosine($0, ref) }.reduce(0, +) / Double(max(generated.count, 1))
    }

    /// Text Alignment ×100: cos(mean embedding of a prompt's clips, embedding of the prompt).
    public func textAlignment(clips: [[Float]], prompt: [Float]) -> Double {
        let mean = AlignmentScorer.unit(zip(0..<clips[0].count, clips[0]).map { j, _ in clips.reduce(0) { $0 + $1[j] } })
        return 100 * AlignmentScorer.cosine(mean, prompt)
    }

    /// ΔAudio Alignment: max − min of the per-concept Audio Alignments.
    public static func spread(_ perConcept: [Double]) -> Double {
        (perConcept.max() ?? 0) - (perConcept.min() ?? 0)
    }
}
