import Audio
import Engine
import Foundation
import Model

/// The denoiser's training material from one or more corpus sources: every kept
/// clip's codec latents, the caption row of each clip, and the sources' weights.
/// Captions are deduplicated (the GM renders and real tracks repeat them), so
/// the text encoder runs once per distinct caption.
public struct DenoiserCorpus {
    public struct Source: Sendable {
        public var name: String
        public var weight: Double
        /// The source's clips in `latents`.
        public var clips: Range<Int>
        public var dropped: Int
        public var blanked: Int
        public init(name: String, weight: Double, clips: Range<Int>, dropped: Int, blanked: Int) {
            self.name = name
            self.weight = weight
            self.clips = clips
            self.dropped = dropped
            self.blanked = blanked
        }
    }

    /// Latent frames of the kept clips, end to end.
    public let latents: MelCache
    public let sources: [Source]
    /// Distinct captions; `captionRow[clip]` indexes this list.
    public let captions: [String]
    public let captionRow: [Int]

    /// Loads every source's mel frames (cached beside each corpus), keeps the clips
    /// `caption` lets through (nil drops a clip, a new string replaces its caption),
    /// and encodes them with the codec.
    public static func load(_ sources: [CorpusSource], codec: LatentCodec, spectrogram: SpectrogramConfig,
                            caption: (CorpusIndex.Clip) -> String?, log: (String) -> Void = { _ in }) throws -> DenoiserCorpus {
        var parts: [Tensor] = [], offsets = [0], rowOf: [String: Int] = [:], captions: [String] = [], rows: [Int] = []
        var loaded: [Source] = []
        for source in sources {
            let first = rows.count
            var dropped = 0, blanked = 0
            for folder in source.folders {
                let index = try CorpusIndex(folder: folder)
                let cache = folder.appendingPathComponent(".cache")
                try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
                let mels = try MelCache.load(index, config: spectrogram, cache: cache.appendingPathComponent("mels.safetensors")) { d, n in
                    if d % 500 == 0 { log("    mel \(d)/\(n)") }
                }
                let m = codec.frameMultiple
                noGrad {
                    for (i, clip) in index.clips.enumerated() {
                        guard let text = caption(clip) else { dropped += 1; continue }
                        if text.isEmpty && !clip.caption.isEmpty { blanked += 1 }
                        let n = mels.length(i) / m * m
                        guard n > 0 else { dropped += 1; continue }
                        let x = mels.frames.narrow(axis: 0, start: mels.offsets[i], length: n).reshaped([1, n, mels.frames.shape[1]])
                        let z = codec.encode(x)
                        parts.append(z.reshaped([z.shape[1], z.shape[2]]))
                        offsets.append(offsets.last! + z.shape[1])
                        if let r = rowOf[text] { rows.append(r) } else { rowOf[text] = captions.count; rows.append(captions.count); captions.append(text) }
                    }
                }
            }
            guard rows.count > first else { throw CorpusIndex.Failure.empty(source.name) }
            loaded.append(Source(name: source.name, weight: source.weight, clips: first..<rows.count, dropped: dropped, blanked: blanked))
            log("source \(source.name): \(rows.count - first) clips kept, \(dropped) dropped, \(blanked) captions blanked, weight \(source.weight)")
        }
        return DenoiserCorpus(latents: MelCache(frames: Tensor.concat(parts, axis: 0), offsets: offsets),
                              sources: loaded, captions: captions, captionRow: rows)
    }

    public init(latents: MelCache, sources: [Source], captions: [String], captionRow: [Int]) {
        self.latents = latents
        self.sources = sources
        self.captions = captions
        self.captionRow = captionRow
    }

    /// (B, frames, latent) crops and each crop's caption row. A single source draws
    /// exactly as v1's single corpus did (clip uniform, then a place in it); several
    /// pick a source by weight first, so a small source is seen as often as its weight says.
    public func randomCrops(_ batch: Int, frames n: Int, rng: inout SeededGenerator) -> (Tensor, [Int]) {
        if sources.count == 1 {
            let (x, clips) = latents.randomCrops(batch, frames: n, rng: &rng, silence: 0)
            return (x, clips.map { captionRow[$0] })
        }
        let total = sources.reduce(0) { $0 + $1.weight }
        let c = latents.frames.shape[1]
        let out = Tensor.zeros([batch, n, c])
        var picked: [Int] = []
        for b in 0..<batch {
            var u = rng.nextDouble() * total, s = 0
            while s < sources.count - 1 && u >= sources[s].weight { u -= sources[s].weight; s += 1 }
            let range = sources[s].clips
            let clip = range.lowerBound + Int(rng.next() % UInt64(range.count))
            let len = latents.length(clip)
            let start = len > n ? Int(rng.next() % UInt64(len - n + 1)) : 0
            (out.data + b * n * c).update(from: latents.frames.data + (latents.offsets[clip] + start) * c, count: min(n, len) * c)
            picked.append(captionRow[clip])
        }
        return (out, picked)
    }
}
