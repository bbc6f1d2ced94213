import Audio
import Evaluation
import Foundation

/// What any method that *adds* a concept to the base model's music could score on the benchmark:
/// the base model's own clips of the prompts, each mixed with a segment of the concept's evaluation
/// recording, scored as a learned concept's clips are (Text Alignment against the bare prompt, the
/// classifier's top class). No learn is involved, so it separates what the evaluator and the
/// classifier allow on these prompts from what a method achieves.
public struct MixCeiling {
    /// The concept's level relative to the music (both at the same loudness), or the concept alone.
    public enum Level: Equatable, Sendable, CustomStringConvertible {
        case decibels(Double)
        case alone

        /// "-6" → −6 dB; "alone"; nil for anything else or outside −40…40 dB.
        public init?(_ text: String) {
            if text == "alone" { self = .alone; return }
            guard let v = Double(text), (-40...40).contains(v) else { return nil }
            self = .decibels(v)
        }

        public var description: String {
            switch self {
            case .alone: return "alone"
            case .decibels(let v): return "\(v == v.rounded() ? String(Int(v)) : String(v)) dB"
            }
        }
    }

    public struct Cell: Equatable, Sendable {
        public var heard: Int
        public var clips: Int
        public var textAlignment: Double
    }

    public let scorer: AlignmentScorer
    public let recogniser: ConceptRecogniser

    public init(scorer: AlignmentScorer, recogniser: ConceptRecogniser) {
        self.scorer = scorer
        self.recogniser = recogniser
    }

    /// `music[p]`: the base model's clips of prompt p, at the recording's loudness; `prompts[p]`: the
    /// prompt's text embedding. Clip k of prompt p meets segment p·K + k of `recording`.
    public func score(music: [[AudioClip]], prompts: [[Float]], recording: [Float], className: String, level: Level) -> Cell {
        var heard = 0, clips = 0, ta = 0.0
        for (p, row) in music.enumerated() {
            let mixes = row.enumerated().map { k, clip -> AudioClip in
                let segment = MixCeiling.segment(of: recording, length: clip.samples.count, index: p * row.count + k, rate: clip.sampleRate)
                return AudioClip(samples: MixCeiling.mix(clip.samples, segment, level: level), sampleRate: clip.sampleRate)
            }
            heard += mixes.filter { recogniser.recognise($0).top == className }.count
            clips += mixes.count
            ta += scorer.textAlignment(clips: mixes.map(scorer.embed), prompt: prompts[p])
        }
        return Cell(heard: heard, clips: clips, textAlignment: ta / Double(max(music.count, 1)))
    }

    /// Text Alignment of `music` itself (no concept), averaged over prompts as a cell's is.
    public func textAlignment(music: [[AudioClip]], prompts: [[Float]]) -> Double {
        zip(music, prompts).map { scorer.textAlignment(clips: $0.map(scorer.embed), prompt: $1) }.reduce(0, +) / Double(max(music.count, 1))
    }

    /// The music plus the segment at `level`; the segment alone for `.alone`.
    public static func mix(_ music: [Float], _ segment: [Float], level: Level) -> [Float] {
        switch level {
        case .alone: return segment
        case .decibels(let db):
            let g = Float(pow(10, db / 20))
            return zip(music, segment).map { $0 + g * $1 }
        }
    }

    /// `length` samples of `recording`, a different window for each `index` (starts 7 s apart,
    /// wrapping); a recording shorter than `length` is padded with silence.
    public static func segment(of recording: [Float], length: Int, index: Int, rate: Int) -> [Float] {
        guard recording.count > length else { return recording + [Float](repeating: 0, count: length - recording.count) }
        let start = (index * 7 * rate) % (recording.count - length)
        return Array(recording[start..<(start + length)])
    }
}
