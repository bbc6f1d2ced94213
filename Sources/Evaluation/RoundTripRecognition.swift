import Audio
import Engine
import Foundation
import Model

/// A way from mel frames back to sound for the round trip: Griffin-Lim today, a learned
/// vocoder later (a new case of `RoundTripVocoder.named`, nothing else changes).
public struct RoundTripVocoder: Sendable {
    public var label: String
    /// Mel power (T, mels) → audio of `length` samples.
    public var synthesize: @Sendable (_ melPower: Tensor, _ analysis: MelSpectrogram, _ length: Int) -> AudioClip

    public init(label: String, synthesize: @escaping @Sendable (Tensor, MelSpectrogram, Int) -> AudioClip) {
        self.label = label
        self.synthesize = synthesize
    }

    /// The product's Griffin-Lim vocoder (NNLS mel inversion, fast Griffin-Lim), as generation uses it.
    public static func griffinLim(_ vocoder: Vocoder = Vocoder()) -> RoundTripVocoder {
        RoundTripVocoder(label: "GL") { mel, analysis, length in vocoder.audio(fromMelPower: mel, analysis: analysis, length: length) }
    }
}

/// Does a concept survive the audio stack? For each recording, P(concept) on the original
/// and after each path (optionally a codec: mel → latent → mel; then a vocoder back to
/// audio), with the ratio of the two and the top class after the path.
public struct RoundTripRecognition: Codable, Sendable {
    /// One way through the stack: a codec (nil: none) and a vocoder.
    public struct Path {
        public var label: String
        public var codec: LatentCodec?
        public var vocoder: RoundTripVocoder

        public init(label: String, codec: LatentCodec?, vocoder: RoundTripVocoder) {
            self.label = label
            self.codec = codec
            self.vocoder = vocoder
        }
    }

    public struct Outcome: Codable, Sendable, Equatable {
        public var probability: Double
        public var top: String
        /// P after the path ÷ P on the original (1 for the original itself).
        public var ratio: Double
    }

    public struct Row: Codable, Sendable, Equatable {
        public var concept: String
        public var original: Outcome
        /// In the order of `paths`.
        public var paths: [Outcome]
    }

    public var paths: [String]
    public var rows: [Row]
    /// A path keeps a concept when P after it is at least this share of P on the original.
    public static let keptRatio = 0.9

    /// Concepts whose ratio after path `i` is at least `keptRatio`.
    public func kept(path i: Int) -> Int { rows.filter { $0.paths[i].ratio >= Self.keptRatio }.count }

    /// Measures every recording (concept class, audio at the analysis rate) through every path.
    public static func measure(_ recordings: [(concept: String, clip: AudioClip)], paths: [Path], recogniser: ConceptRecogniser,
                               progress: (String) -> Void = { _ in }) -> RoundTripRecognition {
        var rows: [Row] = []
        let analysis = recogniser.analysis
        for (concept, clip) in recordings {
            let original = recogniser.recogniseRecording(clip).mean
            let p0 = original.probability(of: concept)
            var outcomes: [Outcome] = []
            // The same loudness normalisation as the recogniser's, so the vocoder sees what a generation would.
            let level = clip.normalized(.rms(-20))
            let mel = analysis.normalized(level.samples)
            for path in paths {
                let frames = path.codec.map { reconstruct(mel, codec: $0) } ?? mel
                let audio = path.vocoder.synthesize(analysis.melPower(fromNormalized: frames), analysis, level.samples.count)
                let r = recogniser.recogniseRecording(audio).mean
                let p = r.probability(of: concept)
                outcomes.append(Outcome(probability: p, top: r.top, ratio: p / max(p0, 1e-12)))
            }
            rows.append(Row(concept: concept, original: Outcome(probability: p0, top: original.top, ratio: 1), paths: outcomes))
            progress(concept + ": " + String(format: "%.3f", p0) + zip(paths, outcomes).map { String(format: "  %@ %.3f", $0.label, $1.probability) }.joined())
        }
        return RoundTripRecognition(paths: paths.map(\.label), rows: rows)
    }

    /// Normalised mel (T, mels) through a codec; frames past the last whole latent keep their values (at most 3, 48 ms).
    public static func reconstruct(_ mel: Tensor, codec: LatentCodec) -> Tensor {
        let (t, m) = (mel.shape[0], mel.shape[1])
        let n = t / codec.frameMultiple * codec.frameMultiple
        guard n > 0 else { return mel }
        let x = mel.narrow(axis: 0, start: 0, length: n).copy().reshaped([1, n, m])
        let y = noGrad { codec.decode(codec.encode(x)) }.reshaped([n, m])
        return n == t ? y : Tensor.concat([y, mel.narrow(axis: 0, start: n, length: t - n).copy()], axis: 0)
    }

    /// The table: concept, P on the original and its top class, then per path P, ratio and top class; and per path the count kept.
    public var markdown: String {
        var s = "| concept | P original | top original |" + paths.map { " P \($0) | ratio | top |" }.joined() + "\n"
        s += "|---|---:|---|" + String(repeating: "---:|---:|---|", count: paths.count) + "\n"
        for r in rows {
            s += "| \(r.concept) | \(String(format: "%.3f", r.original.probability)) | \(r.original.top) |"
            for o in r.paths {
                s += String(format: " %.3f | %.2f | ", o.probability, o.ratio) + (o.top == r.concept ? o.top : "*\(o.top)*") + " |"
            }
            s += "\n"
        }
        s += "\nConcepts kept (ratio ≥ \(String(format: "%.1f", Self.keptRatio))), target \(Int((Double(rows.count) * 0.9).rounded(.up))) of \(rows.count):"
        for (i, p) in paths.enumerated() { s += " \(p) **\(kept(path: i))/\(rows.count)**" + (i + 1 < paths.count ? ";" : ".") }
        // A ratio says little when the original is not heard as the concept in the first place
        // (P 0.007 → 0.056 is "×8"): the count among the recognised originals is the stricter one.
        let heard = rows.filter { $0.original.top == $0.concept }
        s += "\nAmong the \(heard.count) concepts recognised on the original (top class):"
        for (i, p) in paths.enumerated() {
            s += " \(p) \(heard.filter { $0.paths[i].ratio >= Self.keptRatio }.count)/\(heard.count)" + (i + 1 < paths.count ? ";" : ".")
        }
        let topKept = paths.indices.map { i in rows.filter { $0.paths[i].top == $0.concept }.count }
        s += "\nStill the top class: original \(rows.filter { $0.original.top == $0.concept }.count)/\(rows.count)"
        for (i, p) in paths.enumerated() { s += ", \(p) \(topKept[i])/\(rows.count)" }
        return s + ".\n"
    }
}
