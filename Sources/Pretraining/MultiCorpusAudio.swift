import Audio
import Engine
import Foundation
import Training

/// Loads the audio of several corpus sources for vocoder training: each source keeps
/// a seeded random subset of its clips, decoded (on all cores), loudness-normalised as
/// the mel caches are (−20 dBFS RMS), up to `hoursPerSource`. The subset is a pure
/// function of the manifests and the seed, so a resumed run sees the same audio; with
/// a `cache` folder each source's int16 audio is stored there once and read back by
/// every later run with the same key, so resuming does not decode hours again.
public enum MultiCorpusAudio {
    public struct Stopped: Error, CustomStringConvertible {
        public var description: String { "stopped while loading the corpus audio; nothing was trained" }
    }

    public static func load(_ sources: [CorpusSource], sampleRate: Int, hoursPerSource: Double, seed: UInt64,
                            cache: URL? = nil, stop: StopSignal = .shared,
                            log: (String) -> Void = { _ in }) throws -> WeightedAudio {
        var loaded: [WeightedAudio.Source] = []
        for (n, source) in sources.enumerated() {
            let indexes = try source.folders.map { try CorpusIndex(folder: $0) }
            let sourceSeed = seed &+ UInt64(n) &* 0x9E37_79B9
            let key = "\(indexes.map(\.fingerprint).joined(separator: "+"))-\(sourceSeed)-\(hoursPerSource)-\(sampleRate)"
            let file = cache?.appendingPathComponent("audio-\(n).i16")
            let audio: CompactAudio
            if let file, let stored = CompactAudio.load(from: file, key: key) {
                audio = stored
                log("source \(source.name): read from \(file.path)")
            } else {
                var files = indexes.flatMap { $0.clips.map(\.file) }
                var rng = SeededGenerator(seed: sourceSeed)
                files.shuffle(using: &rng)
                audio = try decode(files, sampleRate: sampleRate, budget: Int(hoursPerSource * 3600 * Double(sampleRate)), stop: stop)
                if let file, let cache {
                    try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
                    try audio.save(to: file, key: key)
                }
            }
            log(String(format: "source %@: %d of %d clips, %.1f h, weight %g, %.0f MB int16", source.name, audio.clipCount,
                       indexes.reduce(0) { $0 + $1.clips.count }, Double(audio.sampleCount) / Double(sampleRate) / 3600,
                       source.weight, Double(audio.byteCount) / 1e6))
            loaded.append(.init(name: source.name, weight: source.weight, audio: audio))
        }
        return WeightedAudio(loaded)
    }

    /// Decodes `files` in order until `budget` samples are held. Chunks decode in
    /// parallel and append in order, so the kept set never depends on timing; a stop
    /// request is honoured between chunks.
    static func decode(_ files: [URL], sampleRate: Int, budget: Int, stop: StopSignal) throws -> CompactAudio {
        var audio = CompactAudio()
        var next = 0
        while next < files.count && audio.sampleCount < budget {
            if stop.isRequested { throw Stopped() }
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
        return audio
    }
}
