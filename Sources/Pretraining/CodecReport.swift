import Audio
import Engine
import Foundation
import Model

/// Reconstruction of held-out audio through one or more codecs, per source and
/// group (procedural music per instrument family, each benchmark concept, real
/// tracks per package): the table that says which sounds a codec can carry.
public struct CodecReport {
    /// One clip to measure and where it belongs in the table.
    public struct Item: Sendable {
        public var source: String
        public var group: String
        public var file: URL
        public init(source: String, group: String, file: URL) {
            self.source = source
            self.group = group
            self.file = file
        }
    }

    public struct Score: Codable, Sendable, Equatable {
        func adding(_ o: Score, weight: Double) -> Score {
            Score(logMelL1: logMelL1 + o.logMelL1 * weight, spectralConvergence: spectralConvergence + o.spectralConvergence * weight,
                  fineStructure: fineStructure + o.fineStructure * weight)
        }

        func scaled(_ k: Double) -> Score { Score(logMelL1: logMelL1 * k, spectralConvergence: spectralConvergence * k, fineStructure: fineStructure * k) }

        public var logMelL1: Double
        public var spectralConvergence: Double
        /// `ReconstructionMetrics.fineStructureKept`: the top bands' structure left, 1 for all of it.
        public var fineStructure: Double
        public init(logMelL1: Double, spectralConvergence: Double, fineStructure: Double) {
            self.logMelL1 = logMelL1
            self.spectralConvergence = spectralConvergence
            self.fineStructure = fineStructure
        }
    }

    /// A table row: the mean over its clips of each codec's scores (same order as `codecs`).
    public struct Row: Codable, Sendable {
        public var source: String
        public var group: String
        public var clips: Int
        public var scores: [Score]
        public init(source: String, group: String, clips: Int, scores: [Score]) {
            self.source = source
            self.group = group
            self.clips = clips
            self.scores = scores
        }
    }

    public let codecs: [(label: String, codec: LatentCodec)]
    public let spectrogram: SpectrogramConfig

    public init(codecs: [(label: String, codec: LatentCodec)], spectrogram: SpectrogramConfig) {
        precondition(!codecs.isEmpty, "CodecReport: no codec")
        self.codecs = codecs
        self.spectrogram = spectrogram
    }

    /// Mel → latent → mel for a whole clip; frames beyond a multiple of the codec's
    /// downsampling are dropped (at most 3 frames, 48 ms).
    public static func reconstruct(_ mel: Tensor, codec: LatentCodec) -> (Tensor, Tensor) {
        let m = codec.frameMultiple, bands = mel.shape[1]
        let t = mel.shape[0] / m * m
        let x = Tensor(Array(UnsafeBufferPointer(start: mel.data, count: t * bands)), shape: [1, t, bands])
        let y = noGrad { codec.decoder(codec.encoder(x)) }
        return (x.reshaped([t, bands]), y.reshaped([t, bands]))
    }

    /// The metrics of one normalised mel through one codec.
    public func score(_ mel: Tensor, codec: LatentCodec) -> Score {
        let (x, y) = Self.reconstruct(mel, codec: codec)
        return Score(logMelL1: ReconstructionMetrics.logMelL1(x, y, spectrogram: spectrogram),
                     spectralConvergence: ReconstructionMetrics.spectralConvergence(x, y, spectrogram: spectrogram),
                     fineStructure: ReconstructionMetrics.fineStructureKept(x, y, spectrogram: spectrogram))
    }

    /// Scores every item with every codec and averages per (source, group), in first-seen order.
    public func run(_ items: [Item], progress: (Int, Int) -> Void = { _, _ in }) throws -> [Row] {
        let analysis = MelSpectrogram(spectrogram)
        var order: [String] = []
        var sums: [String: (source: String, group: String, n: Int, total: [Score])] = [:]
        for (k, item) in items.enumerated() {
            // Loudness-normalised as the training caches are, so level does not enter the score.
            let clip = try AudioFile.read(item.file.path, sampleRate: spectrogram.sampleRate, normalization: .rms(-20)).clip
            let mel = analysis.normalized(clip.samples)
            guard mel.shape[0] >= codecs[0].codec.frameMultiple else { continue }
            let key = item.source + "\u{1}" + item.group
            if sums[key] == nil {
                order.append(key)
                sums[key] = (item.source, item.group, 0, Array(repeating: Score(logMelL1: 0, spectralConvergence: 0, fineStructure: 0), count: codecs.count))
            }
            sums[key]!.n += 1
            for (c, entry) in codecs.enumerated() {
                sums[key]!.total[c] = sums[key]!.total[c].adding(score(mel, codec: entry.codec), weight: 1)
            }
            progress(k + 1, items.count)
        }
        return order.map { key in
            let s = sums[key]!
            return Row(source: s.source, group: s.group, clips: s.n, scores: s.total.map { $0.scaled(1 / Double(s.n)) })
        }
    }

    /// Per-source means (each group weighs by its clips), appended after each source's rows.
    public static func withSourceMeans(_ rows: [Row]) -> [Row] {
        var out: [Row] = []
        var sources: [String] = []
        for r in rows where !sources.contains(r.source) { sources.append(r.source) }
        for source in sources {
            let mine = rows.filter { $0.source == source }
            out += mine
            let n = mine.reduce(0) { $0 + $1.clips }
            guard mine.count > 1, n > 0 else { continue }
            let codecs = mine[0].scores.count
            let mean = (0..<codecs).map { c in
                mine.reduce(Score(logMelL1: 0, spectralConvergence: 0, fineStructure: 0)) { $0.adding($1.scores[c], weight: Double($1.clips)) }.scaled(1 / Double(n))
            }
            out.append(Row(source: source, group: "**all**", clips: n, scores: mean))
        }
        return out
    }

    /// The rows as a Markdown table: per codec, log-mel L1 (ln units), spectral convergence and the
    /// top bands' fine structure kept.
    public static func markdown(_ rows: [Row], labels: [String]) -> String {
        var head = "| source | group | clips |", rule = "|---|---|---:|"
        for l in labels { head += " \(l) log-mel L1 | \(l) SC | \(l) fine structure |"; rule += "---:|---:|---:|" }
        var lines = [head, rule]
        for r in rows {
            var line = "| \(r.source) | \(r.group) | \(r.clips) |"
            for s in r.scores { line += String(format: " %.3f | %.3f | %.2f |", s.logMelL1, s.spectralConvergence, s.fineStructure) }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The 16 General MIDI families, by program / 8: how procedural clips are grouped (by their lead).
    public static let gmFamilies = ["piano", "chromatic percussion", "organ", "guitar", "bass", "strings", "ensemble", "brass",
                                    "reed", "pipe", "synth lead", "synth pad", "synth effects", "ethnic", "percussive", "sound effects"]

    public static func family(program: Int) -> String {
        (0..<128).contains(program) ? gmFamilies[program / 8] : "other"
    }
}
