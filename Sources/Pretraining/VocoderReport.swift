import Audio
import Dispatch
import Engine
import Foundation

/// Learned vocoder against Griffin-Lim on held-out audio: each clip → normalised
/// log-mel → each vocoder → waveform, scored against the original by `VocoderLoss`'s
/// distances (log-mel L1 in ln units, multi-resolution STFT distance, spectral
/// convergence) and timed (× real time, mel → samples only).
public struct VocoderReport {
    public struct Score: Codable, Sendable, Equatable {
        public var logMelL1 = 0.0
        public var multiResolutionSTFT = 0.0
        public var spectralConvergence = 0.0
        public var seconds = 0.0
        public init() {}
    }

    public struct Row: Codable, Sendable {
        public var source: String
        public var clips: Int
        public var audioSeconds: Double
        /// One per vocoder, in the report's order.
        public var scores: [Score]
    }

    public let vocoders: [(label: String, vocoder: Vocoder)]
    public let spectrogram: SpectrogramConfig
    /// Clips are cut to this many seconds (the benchmark's evaluation recordings are a minute long).
    public var maxSeconds: Double = 20

    public init(vocoders: [(label: String, vocoder: Vocoder)], spectrogram: SpectrogramConfig) {
        precondition(!vocoders.isEmpty, "VocoderReport: no vocoder")
        self.vocoders = vocoders
        self.spectrogram = spectrogram
    }

    /// The three distances of `estimate` against `reference` (equal lengths).
    public static func distances(_ reference: [Float], _ estimate: [Float], spectrogram: SpectrogramConfig) -> Score {
        let n = min(reference.count, estimate.count)
        let loss = VocoderLoss(spectrogram: spectrogram)
        let (_, parts) = noGrad {
            loss(Tensor(Array(estimate.prefix(n)), shape: [1, n]), Tensor(Array(reference.prefix(n)), shape: [1, n]))
        }
        var s = Score()
        s.logMelL1 = parts.melL1
        s.multiResolutionSTFT = parts.multiResolution
        s.spectralConvergence = parts.spectralConvergence
        return s
    }

    /// Scores every item with every vocoder and averages per source, in first-seen order, then all sources together.
    public func run(_ items: [CodecReport.Item], progress: (Int, Int) -> Void = { _, _ in }) throws -> [Row] {
        let analysis = MelSpectrogram(spectrogram)
        var order: [String] = []
        var rows: [String: Row] = [:]
        for (k, item) in items.enumerated() {
            let full = try AudioFile.read(item.file.path, sampleRate: spectrogram.sampleRate, normalization: .rms(-20)).clip
            let clip = full.duration > maxSeconds ? full.slice(from: 0, seconds: maxSeconds) : full
            guard clip.samples.count >= 4 * spectrogram.nFFT else { continue }
            let mel = analysis.normalized(clip.samples)
            if rows[item.source] == nil {
                order.append(item.source)
                rows[item.source] = Row(source: item.source, clips: 0, audioSeconds: 0, scores: vocoders.map { _ in Score() })
            }
            rows[item.source]!.clips += 1
            rows[item.source]!.audioSeconds += clip.duration
            for (v, entry) in vocoders.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                let out = entry.vocoder.audio(fromNormalized: mel, analysis: analysis, length: clip.samples.count)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                let d = Self.distances(clip.samples, out.samples, spectrogram: spectrogram)
                rows[item.source]!.scores[v].logMelL1 += d.logMelL1
                rows[item.source]!.scores[v].multiResolutionSTFT += d.multiResolutionSTFT
                rows[item.source]!.scores[v].spectralConvergence += d.spectralConvergence
                rows[item.source]!.scores[v].seconds += seconds
            }
            progress(k + 1, items.count)
        }
        var out = order.map { rows[$0]! }
        if out.count > 1 {
            var all = Row(source: "**all**", clips: 0, audioSeconds: 0, scores: vocoders.map { _ in Score() })
            for r in out {
                all.clips += r.clips; all.audioSeconds += r.audioSeconds
                for v in 0..<vocoders.count {
                    all.scores[v].logMelL1 += r.scores[v].logMelL1; all.scores[v].multiResolutionSTFT += r.scores[v].multiResolutionSTFT
                    all.scores[v].spectralConvergence += r.scores[v].spectralConvergence; all.scores[v].seconds += r.scores[v].seconds
                }
            }
            out.append(all)
        }
        // Sums → means per clip (times stay totals, for × real time).
        return out.map { r in
            var m = r
            for v in 0..<m.scores.count {
                m.scores[v].logMelL1 /= Double(r.clips); m.scores[v].multiResolutionSTFT /= Double(r.clips)
                m.scores[v].spectralConvergence /= Double(r.clips)
            }
            return m
        }
    }

    /// The rows as a Markdown table: per vocoder, log-mel L1, MR-STFT distance, SC and × real time.
    public static func markdown(_ rows: [Row], labels: [String]) -> String {
        var head = "| source | clips | audio s |", rule = "|---|---:|---:|"
        for l in labels { head += " \(l) log-mel L1 | \(l) MR-STFT | \(l) SC | \(l) × real time |"; rule += "---:|---:|---:|---:|" }
        var lines = [head, rule]
        for r in rows {
            var line = String(format: "| %@ | %d | %.0f |", r.source, r.clips, r.audioSeconds)
            for s in r.scores {
                line += String(format: " %.3f | %.3f | %.3f | %.0f |", s.logMelL1, s.multiResolutionSTFT, s.spectralConvergence,
                               r.audioSeconds / max(s.seconds, 1e-9))
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
