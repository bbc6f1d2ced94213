import Audio
import Engine
import Foundation

/// Normalised log-mel frames of every clip of a corpus, computed once (on all
/// cores) and kept in one safetensors file: the frames of all clips end to end
/// (F16) and each clip's first frame.
public struct MelCache {
    /// (total frames, mels): every clip's frames, one after another.
    public let frames: Tensor
    /// Clip i spans frames offsets[i] ..< offsets[i+1].
    public let offsets: [Int]

    public init(frames: Tensor, offsets: [Int]) {
        self.frames = frames
        self.offsets = offsets
    }

    public var clipCount: Int { offsets.count - 1 }

    /// A cache holding only the listed clips, in that order.
    public func subset(_ clips: [Int]) -> MelCache {
        var offsets = [0]
        var parts: [Tensor] = []
        for c in clips {
            parts.append(frames.narrow(axis: 0, start: self.offsets[c], length: length(c)))
            offsets.append(offsets.last! + length(c))
        }
        return MelCache(frames: Tensor.concat(parts, axis: 0), offsets: offsets)
    }

    /// Caches end to end: clip i of `caches[k]` becomes clip i + (clips of the caches before k).
    public static func joined(_ caches: [MelCache]) -> MelCache {
        var offsets = [0]
        for c in caches { for i in 0..<c.clipCount { offsets.append(offsets.last! + c.length(i)) } }
        return MelCache(frames: Tensor.concat(caches.map(\.frames), axis: 0), offsets: offsets)
    }
    public func length(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }

    /// Loads the cache at `url` if it was built from the same corpus and settings, else builds it.
    public static func load(_ index: CorpusIndex, config: SpectrogramConfig, cache url: URL,
                            progress: (Int, Int) -> Void = { _, _ in }) throws -> MelCache {
        let key = "\(index.fingerprint)-\(config.nFFT)-\(config.hop)-\(config.melBands)-\(config.normShift)-\(config.normScale)"
        if let file = try? SafeTensors(contentsOf: url), file.metadata["key"] == key,
           let offs = file.metadata["offsets"]?.split(separator: ",").compactMap({ Int($0) }) {
            return MelCache(frames: try file.tensor("frames"), offsets: offs)
        }
        let analysis = MelSpectrogram(config)
        var mels = [Tensor?](repeating: nil, count: index.clips.count)
        var failure: Error?
        let lock = NSLock()
        var done = 0
        Parallel.forEach(index.clips.count) { i in
            do {
                // Loudness-normalised as references are, so the model sees one level.
                let clip = try AudioFile.read(index.clips[i].file.path, sampleRate: config.sampleRate, normalization: .rms(-20)).clip
                let m = analysis.normalized(clip.samples)
                lock.lock(); mels[i] = m; done += 1; let d = done; lock.unlock()
                if d % 50 == 0 { progress(d, index.clips.count) }
            } catch {
                lock.lock(); failure = failure ?? error; lock.unlock()
            }
        }
        if let failure { throw failure }
        var offsets = [0]
        for m in mels { offsets.append(offsets.last! + m!.shape[0]) }
        let all = Tensor.concat(mels.map { $0! }, axis: 0)
        try SafeTensors.write([("frames", all)], to: url, dtype: .f16,
                              metadata: ["key": key, "offsets": offsets.map(String.init).joined(separator: ",")])
        return MelCache(frames: all, offsets: offsets)
    }

    /// A batch of random crops, (B, frames, mels); clips shorter than `frames` are padded with silence.
    public func randomCrops(_ batch: Int, frames n: Int, rng: inout SeededGenerator, silence: Float) -> (Tensor, [Int]) {
        let mels = self.frames.shape[1]
        let out = Tensor.full([batch, n, mels], silence)
        var picks: [Int] = []
        for b in 0..<batch {
            let clip = Int(rng.next() % UInt64(clipCount))
            picks.append(clip)
            let len = length(clip)
            let start = len > n ? Int(rng.next() % UInt64(len - n + 1)) : 0
            let take = min(n, len)
            (out.data + b * n * mels).update(from: frames.data + (offsets[clip] + start) * mels, count: take * mels)
        }
        return (out, picks)
    }
}
