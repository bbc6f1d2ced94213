import Audio
import Engine
import Foundation

/// Loads the audio of several corpus sources for vocoder training: each source keeps
/// a seeded random subset of its clips, decoded (on all cores), loudness-normalised as
/// the mel caches are (−20 dBFS RMS), up to `hoursPerSource`. The subset is a pure
/// function of the manifests and the seed, so a resumed run sees the same audio.
public enum MultiCorpusAudio {
    public static func load(_ sources: [CorpusSource], sampleRate: Int, hoursPerSource: Double, seed: UInt64,
                            log: (String) -> Void = { _ in }) throws -> WeightedAudio {
        var loaded: [WeightedAudio.Source] = []
        for (n, source) in sources.enumerated() {
            var files: [URL] = []
            for folder in source.folders { files += try CorpusIndex(folder: folder).clips.map(\.file) }
            var rng = SeededGenerator(seed: seed &+ UInt64(n) &* 0x9E37_79B9)
            files.shuffle(using: &rng)
            let budget = Int(hoursPerSource * 3600 * Double(sampleRate))
            var audio = CompactAudio()
            var next = 0
            // Chunks decode in parallel and append in order, so the kept set never depends on timing.
            while next < files.count && audio.sampleCount < budget {
                let chunk = Array(files[next..<min(files.count, next + 64)])
                next += chunk.count
                var decoded = [[Float]?](repeating: nil, count: chunk.count)
                var failure: Error?
                let lock = NSLock()
                Parallel.forEach(chunk.count) { i in
                    do {
                        let clip = try AudioFile.read(chunk[i].path, sampleRate: sampleRate, normalization: .rms(-20)).clip
                        lock.lock(); decoded[i] = clip.samples; lock.unlock()
                    } catch {
                        lock.lock(); failure = failure ?? error; lock.unlock()
                    }
                }
                if let failure { throw failure }
                for s in decoded where audio.sampleCount < budget { audio.append(s!) }
            }
            log(String(format: "source %@: %d of %d clips, %.1f h, weight %g, %.0f MB int16", source.name, audio.clipCount, files.count,
                       Double(audio.sampleCount) / Double(sampleRate) / 3600, source.weight, Double(audio.byteCount) / 1e6))
            loaded.append(.init(name: source.name, weight: source.weight, audio: audio))
        }
        return WeightedAudio(loaded)
    }
}
